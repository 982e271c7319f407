import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changesOf, knownText } from "../../src/eval/values.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import { analyze, fixtureReports, onlySite, pieceView, segmentView } from "../helpers.js";

/*
 * `@google/genai`: the fixture project's ground truth, then each call shape the discoverer reads.
 */
const root = join(import.meta.dirname, "../../fixtures/sdk-google");

describe("fixtures/sdk-google", () => {
  const project = new Project(fileSystemHost(root));
  const reports = fixtureReports(root, { project });

  it("finds every Gemini request: model calls, the chat, the cache and the token count", () => {
    expect(reports.map((report) => [report.file, `${report.line}:${report.column}`, report.provider, report.api, report.model]).sort()).toEqual(
      [
        ["src/concierge/agent.ts", "16:10", "google", "models.generateContent", "gemini-2.5-flash"],
        ["src/concierge/chat.ts", "26:28", "google", "chats.sendMessage", "gemini-2.5-flash"],
        ["src/concierge/itinerary.ts", "14:26", "google", "models.generateContent", "gemini-2.5-pro"],
        ["src/concierge/photos.ts", "9:26", "google", "models.generateContentStream", "gemini-2.5-flash"],
        ["src/guides/city-guide.ts", "10:23", "google", "caches.create", "gemini-2.5-flash"],
        ["src/guides/city-guide.ts", "23:26", "google", "models.generateContent", "gemini-2.5-flash"],
        ["src/guides/city-guide.ts", "33:26", "google", "models.generateContent", "gemini-2.5-flash"],
        ["src/guides/city-guide.ts", "46:33", "google", "models.countTokens", "gemini-2.5-flash"],
      ].sort(),
    );
  });

  it("reports exactly the expected findings", () => {
    const findings = reports.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        // Function declarations filtered by the traveler's plan.
        ["src/concierge/agent.ts", "21:39", "prompt-cache/stable-tools"],
        // The current time, put ahead of the instructions by a helper.
        ["src/concierge/itinerary.ts", "9:33", "prompt-cache/no-volatile-prefix"],
        ["src/concierge/itinerary.ts", "9:33", "prompt-cache/static-before-dynamic"],
        // The traveler's photo ahead of the static reading instructions, and a sliding window.
        ["src/concierge/photos.ts", "15:11", "prompt-cache/static-before-dynamic"],
        ["src/concierge/photos.ts", "21:10", "prompt-cache/stable-history"],
        // `systemInstruction` next to `cachedContent`.
        ["src/guides/city-guide.ts", "37:7", "prompt-cache/provider-constraints"],
      ].sort(),
    );
  });

  it("reads the chat as its config, the turns it recorded and the new message", () => {
    const chat = reports.find((report) => report.api === "chats.sendMessage")!;
    expect(chat.segments.map((segment) => [segment.kind, segment.role, segment.stability])).toEqual([
      // `Type.OBJECT` is an enum imported from the SDK: not literal text, fixed per deployment.
      ["tools", null, "deployment"],
      ["system", "system", "static"],
      ["history", null, "dynamic"],
      ["message", "user", "dynamic"],
    ]);
    expect(chat.findings).toEqual([]);
  });

  it("knows the instructions imported from the prompts module, so the cache holds a measured prefix", () => {
    const cache = reports.find((report) => report.api === "caches.create")!;
    expect(cache.segments[0]).toMatchObject({ kind: "system", stability: "static" });
    expect(cache.prefix.cacheableTokens).toBeGreaterThan(150);
  });
});

describe("@google/genai calls", () => {
  it("recognizes model calls on any client, and the other calls on a GoogleGenAI client or in a file that imports the SDK", () => {
    const { sites } = analyze(`
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({ vertexai: true, project: "tidewater", location: "europe-west4" });
await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "a" });
await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "b" });
await ai.models.countTokens({ model: "gemini-2.5-flash", contents: "c" });
await ai.caches.create({ model: "gemini-2.5-flash", config: { contents: ["d"] } });
`);
    expect(sites.map((site) => [site.sdk, site.provider, site.api])).toEqual([
      ["@google/genai", "google", "models.generateContent"],
      ["@google/genai", "google", "models.generateContentStream"],
      ["@google/genai", "google", "models.countTokens"],
      ["@google/genai", "google", "caches.create"],
    ]);
    // A client made in another module: `models.generateContent` is the SDK's alone.
    const shared = analyze(`import { ai } from "./genai.js";\nexport const ask = (q: string) => ai.models.generateContent({ model: "gemini-2.5-flash", contents: q });`);
    expect(shared.sites.map((site) => site.api)).toEqual(["models.generateContent"]);
    // Look-alikes without the SDK: a cache and a chat of something else.
    expect(analyze(`store.caches.create({ key: "a" }); const chat = bot.chats.create({}); chat.sendMessage({ message: "hi" }); db.models.countTokens({});`).sites).toEqual([]);
  });

  it("reads a chat from its `chats.create` (a const or a class member), with the message's own config replacing the chat's", () => {
    const { sites } = analyze(`
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
const chat = ai.chats.create({
  model: "gemini-2.5-flash",
  config: { systemInstruction: "You are the concierge.", temperature: 0.2 },
  history: [{ role: "user", parts: [{ text: "Hi" }] }, { role: "model", parts: [{ text: "Hello! Where to?" }] }],
});
export const ask = (message: string) => chat.sendMessage({ message });
export const askTerse = (message: string) => chat.sendMessageStream({ message, config: { systemInstruction: "Answer in one line." } });
class Session {
  chat;
  constructor() { this.chat = ai.chats.create({ model: "gemini-2.5-pro" }); }
  send(text: string) { return this.chat.sendMessage({ message: [text] }); }
}
`);
    expect(sites.map((site) => [site.api, site.model])).toEqual([
      ["chats.sendMessage", "gemini-2.5-flash"],
      ["chats.sendMessageStream", "gemini-2.5-flash"],
      ["chats.sendMessage", "gemini-2.5-pro"],
    ]);
    const [ask, terse, session] = sites;
    expect(segmentView(ask!)).toEqual([
      ["system", "system", false],
      ["message", "user", false],
      ["message", "model", false],
      ["history", null, false],
      ["message", "user", true],
    ]);
    expect(ask!.segments[0]!.pieces.map((piece) => piece.text)).toEqual(["You are the concierge."]);
    expect(terse!.segments[0]!.pieces.map((piece) => piece.text)).toEqual(["Answer in one line."]);
    expect(terse!.parameters.has("temperature")).toBe(false);
    expect(segmentView(session!)).toEqual([
      ["history", null, false],
      ["message", "user", true],
    ]);
  });

  it("orders the prompt as tools, system instruction, contents, and exposes config keys as parameters", () => {
    const code = `
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
const lookup = { name: "lookupBooking", description: "Look up a booking.", parameters: { type: "object", properties: { code: { type: "string", description: "Confirmation code." } } } };
export const ask = (question: string) =>
  ai.models.generateContent({
    contents: question,
    config: { systemInstruction: { parts: [{ text: "You are the concierge." }] }, tools: [{ functionDeclarations: [lookup] }, { googleSearch: {} }], toolConfig: { functionCallingConfig: { mode: "AUTO" } }, cachedContent: undefined },
    model: "gemini-2.5-flash",
  });
`;
    const site = onlySite(code);
    expect(segmentView(site)).toEqual([
      ["tools", null, false],
      ["system", "system", false],
      ["message", "user", true],
    ]);
    const tools = site.segments[0]!.value!;
    expect(tools.kind === "array" && tools.elements.length).toBe(2);
    expect(pieceView(code, site.segments[1]!.pieces)).toEqual([["static", "You are the concierge."]]);
    expect([...site.parameters.keys()]).toEqual(["contents", "config", "model", "systemInstruction", "tools", "toolConfig", "cachedContent"]);
    expect(knownText(site.parameters.get("cachedContent")!.value)).toBe("undefined");
  });

  it("counts the function declarations as tool definitions when they are static", () => {
    const site = onlySite(`
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
export const ask = (q: string) => ai.models.generateContent({ model: "gemini-2.5-flash", contents: q, config: { tools: [{ functionDeclarations: [
  { name: "searchHotels", description: "Search hotels.", parameters: { type: "object", properties: { city: { type: "string", description: "City name." } } } },
] }] } });
`);
    expect(site.segments[0]!.tools).toEqual([{ name: "searchHotels", description: "Search hotels.", parameters: [{ name: "city", type: "string", description: "City name.", enum: [] }] }]);
  });

  it("reads contents: a string, a list of parts as one user turn, Content turns, history spreads", () => {
    const code = `
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
const GUIDE = "Read the departure board and list the delayed trains.";
export async function run(question: string, history: never[], board: string, pdfUri: string) {
  await ai.models.generateContent({ model: "gemini-2.5-flash", contents: [GUIDE, { inlineData: { data: board, mimeType: "image/png" } }, question] });
  await ai.models.generateContent({
    model: "gemini-2.5-flash",
    contents: [{ role: "user", parts: [{ fileData: { fileUri: pdfUri, mimeType: "application/pdf" } }, { text: GUIDE }] }, { role: "model", parts: [{ text: "Ready." }] }, ...history, { parts: [{ text: question }] }],
  });
}
`;
    const [parts, turns] = analyze(code).sites;
    expect(segmentView(parts!)).toEqual([["message", "user", true]]);
    expect(parts!.segments[0]!.pieces.map((piece) => [piece.media ?? "text", piece.stability])).toEqual([
      ["text", "static"],
      ["image", "dynamic"],
      ["text", "dynamic"],
    ]);
    expect(segmentView(turns!)).toEqual([
      ["message", "user", false],
      ["message", "model", false],
      ["history", null, false],
      ["message", "user", true],
    ]);
    expect(turns!.segments[0]!.pieces.map((piece) => piece.media ?? piece.text)).toEqual(["file", "Read the departure board and list the delayed trains."]);
  });

  it("reads the SDK's content helpers: createUserContent, createPartFromUri", () => {
    const site = onlySite(`
import { GoogleGenAI, createPartFromUri, createUserContent } from "@google/genai";
const ai = new GoogleGenAI({});
export const caption = (uri: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: createUserContent([createPartFromUri(uri, "image/jpeg"), "Caption this photo."]) });
`);
    expect(segmentView(site)).toEqual([["message", "user", true]]);
    expect(site.segments[0]!.pieces.map((piece) => [piece.media ?? piece.text, piece.stability])).toEqual([
      ["image", "dynamic"],
      ["Caption this photo.", "static"],
    ]);
  });

  it("does not read a helper's call again out of the function that passes it its arguments", () => {
    const site = onlySite(`
import { GoogleGenAI, createPartFromUri } from "@google/genai";
const ai = new GoogleGenAI({});
function brochure(uri: string) {
  return createPartFromUri(uri, "application/pdf");
}
export const ask = (question: string) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: [brochure("gs://tidewater/lisbon.pdf"), question] });
`);
    expect(site.segments[0]!.pieces.map((piece) => piece.stability)).toEqual(["unknown", "dynamic"]);
  });

  it("keeps the changes of declarations filtered per request", () => {
    const site = onlySite(`
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
const ALL = [{ name: "searchFlights", description: "Flights." }, { name: "searchTrains", description: "Trains." }];
export const turn = (q: string, allowed: string[]) =>
  ai.models.generateContent({ model: "gemini-2.5-flash", contents: q, config: { tools: [{ functionDeclarations: ALL.filter((fn) => allowed.includes(fn.name)) }] } });
`);
    expect(changesOf(site.segments[0]!.value!).map((change) => [change.kind, change.stability])).toEqual([["membership", "dynamic"]]);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { knownText, stabilityOf } from "../../src/eval/values.js";
import { fileSystemHost, Project } from "../../src/project/project.js";
import { lookupModel } from "../../src/providers/models.js";
import { analyze, breakpointView, fixtureReports, onlySite, pieceView, segmentView } from "../helpers.js";

/*
 * `@aws-sdk/client-bedrock-runtime`: the fixture project's ground truth, then each call shape the
 * discoverer reads (Converse, ConverseStream, the aggregated client, InvokeModel with Claude's body).
 */
const root = join(import.meta.dirname, "../../fixtures/sdk-bedrock");

describe("fixtures/sdk-bedrock", () => {
  const project = new Project(fileSystemHost(root));
  const reports = fixtureReports(root, { project });

  it("finds every Bedrock request: Converse, ConverseStream, the aggregated client and InvokeModel", () => {
    expect(reports.map((report) => [report.file, `${report.line}:${report.column}`, report.provider, report.api, report.model]).sort()).toEqual(
      [
        ["src/claims/assistant.ts", "7:26", "bedrock", "converse", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ["src/claims/documents.ts", "15:10", "bedrock", "converse", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ["src/claims/intake.ts", "17:26", "bedrock", "converse", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"],
        ["src/claims/legacy.ts", "24:26", "bedrock", "invoke-model", "anthropic.claude-3-7-sonnet-20250219-v1:0"],
        ["src/claims/triage.ts", "7:26", "bedrock", "converse", "eu.amazon.nova-pro-v1:0"],
      ].sort(),
    );
  });

  it("reports exactly the expected findings", () => {
    const findings = reports.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        // A tool choice picked per request.
        ["src/claims/documents.ts", "20:19", "prompt-cache/stable-tool-choice"],
        // The session's start time in a system block of its own, with a cache point after it.
        ["src/claims/intake.ts", "12:58", "prompt-cache/no-volatile-prefix"],
        ["src/claims/intake.ts", "13:7", "prompt-cache/cache-control-breakpoints"],
        // A 1-hour breakpoint after a 5-minute one in Claude's InvokeModel body.
        ["src/claims/legacy.ts", "18:55", "prompt-cache/cache-control-breakpoints"],
        // Nova with 1,100 static tokens and no cache point.
        ["src/claims/triage.ts", "7:34", "prompt-cache/cache-control-breakpoints"],
      ].sort(),
    );
  });

  it("orders the assistant's prompt as Bedrock does, with cache points after the tools, the manual and the turn", () => {
    const assistant = reports.find((report) => report.file === "src/claims/assistant.ts")!;
    expect(assistant.segments.map((segment) => [segment.kind, segment.role, segment.stability])).toEqual([
      ["tools", null, "static"],
      ["system", null, "static"],
      ["history", null, "dynamic"],
      ["message", "user", "dynamic"],
    ]);
    expect(assistant.prefix).toMatchObject({ encoding: "o200k_base", approximate: true, minimumTokens: 1024, meetsMinimum: true });
    const triage = reports.find((report) => report.file === "src/claims/triage.ts")!;
    expect(triage.prefix).toMatchObject({ minimumTokens: 1000, meetsMinimum: true });
  });

  it("keeps imports unknown without a project and reports nothing it cannot see", () => {
    const alone = fixtureReports(root);
    const findings = alone.flatMap((report) => report.findings.map((finding) => [report.file, `${finding.line}:${finding.column}`, finding.ruleId]));
    expect(findings.sort()).toEqual(
      [
        ["src/claims/documents.ts", "20:19", "prompt-cache/stable-tool-choice"],
        ["src/claims/intake.ts", "12:58", "prompt-cache/no-volatile-prefix"],
        ["src/claims/intake.ts", "13:7", "prompt-cache/cache-control-breakpoints"],
        ["src/claims/legacy.ts", "18:55", "prompt-cache/cache-control-breakpoints"],
      ].sort(),
    );
  });
});

const header = `import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
const client = new BedrockRuntimeClient({ region: "us-east-1" });
`;

describe("@aws-sdk/client-bedrock-runtime call shapes", () => {
  it("finds send() of Converse and ConverseStream commands, inline or built first, and the aggregated client", () => {
    const { sites } = analyze(`${header}import { BedrockRuntime } from "@aws-sdk/client-bedrock-runtime";
import * as runtime from "@aws-sdk/client-bedrock-runtime";
const aggregated = new BedrockRuntime({});
const input = { modelId: "amazon.nova-lite-v1:0", messages: [] };
await client.send(new ConverseCommand(input));
const command = new ConverseStreamCommand({ ...input, modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0" });
await client.send(command);
await client.send(new runtime.ConverseCommand(input));
await aggregated.converse(input);
aggregated.converseStream(input);
`);
    expect(sites.map((site) => [site.node.loc.start.line, site.provider, site.sdk, site.api, site.model])).toEqual([
      [7, "bedrock", "@aws-sdk/client-bedrock-runtime", "converse", "amazon.nova-lite-v1:0"],
      [9, "bedrock", "@aws-sdk/client-bedrock-runtime", "converse", "us.anthropic.claude-haiku-4-5-20251001-v1:0"],
      [10, "bedrock", "@aws-sdk/client-bedrock-runtime", "converse", "amazon.nova-lite-v1:0"],
      [11, "bedrock", "@aws-sdk/client-bedrock-runtime", "converse", "amazon.nova-lite-v1:0"],
      [12, "bedrock", "@aws-sdk/client-bedrock-runtime", "converse", "amazon.nova-lite-v1:0"],
    ]);
  });

  it("leaves other commands and other send() calls alone", () => {
    const { sites } = analyze(`${header}import { ListAsyncInvokesCommand } from "@aws-sdk/client-bedrock-runtime";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
const s3 = new S3Client({});
await client.send(new ListAsyncInvokesCommand({}));
await s3.send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "messages" }));
await client.send(new InvokeModelCommand({ modelId: "amazon.titan-text-express-v1", body: JSON.stringify({ inputText: "Hello" }) }));
`);
    expect(sites).toEqual([]);
  });

  it("builds tools, system blocks and messages in prefix order, with cache points as breakpoints", () => {
    const code = `${header}
const SPECS = [{ toolSpec: { name: "lookup", description: "Look up a claim.", inputSchema: { json: { type: "object", properties: { id: { type: "string", description: "Claim id" } } } } } }];
export async function ask(history: any[], name: string, photo: Uint8Array, question: string) {
  return client.send(new ConverseCommand({
    messages: [
      ...history,
      { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "lookup", input: { id: "C-1" } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "Open." }] } }, { image: { format: "png", source: { bytes: photo } } }, { text: question }, { cachePoint: { type: "default" } }] },
    ],
    system: [{ text: "You are the claims assistant." }, { cachePoint: { type: "default", ttl: "1h" } }, { text: \`Policyholder: \${name}\` }],
    toolConfig: { tools: [...SPECS, { cachePoint: { type: "default", ttl: "1h" } }], toolChoice: { any: {} } },
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    inferenceConfig: { maxTokens: 512 },
  }));
}`;
    const site = onlySite(code);
    expect(segmentView(site)).toEqual([
      ["tools", null, false],
      ["system", null, false],
      ["system", null, false],
      ["history", null, false],
      ["message", "assistant", false],
      ["message", "user", true],
    ]);
    expect(site.segments[0]!.tools).toEqual([{ name: "lookup", description: "Look up a claim.", parameters: [{ name: "id", type: "string", description: "Claim id", enum: [] }] }]);
    expect(pieceView(code, site.segments[2]!.pieces)).toEqual([
      ["static", "Policyholder: "],
      ["dynamic", "<name>"],
    ]);
    expect(site.segments[5]!.pieces.map((piece) => [piece.stability, piece.media ?? piece.text ?? "?"])).toEqual([
      ["static", "t1"],
      ["static", "Open."],
      ["dynamic", "image"],
      ["dynamic", "?"],
    ]);
    // In prefix order: the tools' cache point, the system's, then the conversation's.
    expect(breakpointView(site)).toEqual([
      [0, "1h", 13],
      [1, "1h", 12],
      [5, null, 10],
    ]);
    // A cache point marks the block before it.
    expect(pieceView(code, site.breakpoints[1]!.pieces!)).toEqual([["static", "You are the claims assistant."]]);
    expect(pieceView(code, site.breakpoints[2]!.pieces!)).toEqual([["dynamic", "<question>"]]);
    expect([...site.parameters.keys()]).toEqual(["messages", "system", "toolConfig", "modelId", "inferenceConfig", "toolChoice"]);
    expect(stabilityOf(site.parameters.get("toolChoice")!.value)).toBe("static");
    expect(site.headers.size).toBe(0);
  });

  it("reads Claude's Messages body of InvokeModel, stringified inline or in a const", () => {
    const { sites } = analyze(`${header}
export async function a(question: string) {
  return client.send(new InvokeModelCommand({
    modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, system: "Be brief.", messages: [{ role: "user", content: question }], cache_control: { type: "ephemeral" } }),
  }));
}
export async function b(question: string) {
  const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: [{ type: "text", text: question, cache_control: { type: "ephemeral", ttl: "1h" } }] }] });
  return client.send(new InvokeModelCommand({ modelId: "anthropic.claude-opus-4-1-20250805-v1:0", contentType: "application/json", body }));
}
`);
    expect(sites.map((site) => [site.api, site.model, segmentView(site), breakpointView(site)])).toEqual([
      ["invoke-model", "anthropic.claude-3-5-haiku-20241022-v1:0", [["system", null, false], ["message", "user", true]], [[null, null, 7]]],
      ["invoke-model", "anthropic.claude-opus-4-1-20250805-v1:0", [["message", "user", true]], [[0, "1h", 11]]],
    ]);
    expect(knownText(sites[0]!.parameters.get("anthropic_version")!.value)).toBe("bedrock-2023-05-31");
  });

  it("matches Bedrock model ids and inference profiles to the Claude and Nova facts", () => {
    expect(
      [
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "amazon.nova-pro-v1:0",
        "apac.amazon.nova-micro-v1:0",
        "meta.llama3-3-70b-instruct-v1:0",
      ].map((id) => lookupModel(id, "bedrock").minimumTokens),
    ).toEqual([1024, 1024, 4096, 1024, 1000, 1000, null]);
    // The model of a request without a literal id: Claude Sonnet 4.5 on Bedrock.
    expect(lookupModel(null, "bedrock").minimumTokens).toBe(1024);
  });
});

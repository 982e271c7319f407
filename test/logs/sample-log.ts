import { appended, bare, recorded, shape, type Shape } from "./shapes.js";

function edited(request: Shape, edit: (body: Shape["request"]) => void): Shape {
  const next = structuredClone(request);
  edit(next.request);
  return next;
}

/**
 * fixtures/logs/sample.jsonl: three interleaved conversations from the fixture shapes (the reply
 * assistant on OpenAI and on Claude, the triage prompt whose time changes), recorder lines and bare
 * bodies, a blank line and three unreadable lines (3, 6 and 8).
 */
export function sampleLogLines(): string[] {
  const reply = shape("support-reply");
  const claude = shape("support-reply-claude");
  const triage = shape("triage");
  const triage2 = appended(
    edited(triage, (body) => (body.messages[0].content = body.messages[0].content.replace("9:14:03", "9:20:00"))),
    { role: "assistant", content: "{}" },
    { role: "user", content: "Any news?" },
  );
  const reply2 = appended(reply, { role: "assistant", content: "Hi Dana." }, { role: "user", content: "And the refund?" });
  const claude2 = appended(claude, { role: "assistant", content: "Sorry." }, { role: "user", content: "Next?" });
  return [
    recorded(reply, { id: "chatcmpl-1", usage: { prompt_tokens: 1330, prompt_tokens_details: { cached_tokens: 0 } } }),
    bare(triage),
    '{"model": "gpt-5.2", "messages": [{"role": "user", "content": "cut off mid-wri',
    "",
    recorded(claude, { id: "msg_1", usage: { input_tokens: 40, cache_read_input_tokens: 0, cache_creation_input_tokens: 1500 } }),
    "[1, 2, 3]",
    recorded(reply2, { id: "chatcmpl-2", usage: { prompt_tokens: 1345, prompt_tokens_details: { cached_tokens: 1280 } } }),
    '{"hello": "world"}',
    bare(triage2),
    recorded(claude2, { id: "msg_2", usage: { input_tokens: 60, cache_read_input_tokens: 1500, cache_creation_input_tokens: 30 } }),
  ];
}

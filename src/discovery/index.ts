import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { Evaluator } from "../eval/evaluator.js";
import type { RequestSite } from "../model/types.js";
import { aiSdkRequest } from "./ai-sdk.js";
import { anthropicRequest } from "./anthropic.js";
import { bedrockRequest } from "./bedrock.js";
import { googleRequest } from "./google.js";
import { httpRequest } from "./http.js";
import { langChainRequest } from "./langchain.js";
import { mistralRequest } from "./mistral.js";
import { ollamaRequest } from "./ollama.js";
import { openAIRequest } from "./openai.js";

/** What the file imports, to tell an SDK call from a look-alike. */
export interface FileImports {
  /** Module specifiers, without a `node:` prefix. */
  modules: ReadonlySet<string>;
}

/** Recognizes one SDK's requests: the request a call makes, or null when it is not one. */
export type Discoverer = (evaluator: Evaluator, call: TSESTree.CallExpression, imports: FileImports) => RequestSite | null;

/** Every SDK the engine knows, tried in order on each call; the first that recognizes it wins. */
export const discoverers: readonly Discoverer[] = [openAIRequest, anthropicRequest, bedrockRequest, aiSdkRequest, googleRequest, langChainRequest, mistralRequest, ollamaRequest, httpRequest];

/*
 * The engine's public API (`eslint-plugin-prompt-cache/engine`): analyze source without ESLint.
 * Everything here works on any ESTree program and scope manager and never imports ESLint.
 */
export { analyzeProgram, mightContainRequests, type AnalysisOptions, type FileAnalysis } from "./analysis.js";
export { analyzeText, type AnalyzeTextOptions } from "./analyze-text.js";
export { checks, formatMessage, type CheckName } from "./checks/index.js";
export { runCheck } from "./checks/run.js";
export type { Check, CheckContext, CheckSettings, Edit, Finding, Suggestion } from "./checks/types.js";
export type { MessageArray, MessageEntry, Piece, ProviderName, RequestSite, Segment, SegmentKind, Stability } from "./model/types.js";
export { parseFile, ParseError, type ParsedFile } from "./parse.js";
export { lookupModel } from "./providers/models.js";
export type { EncodingName, ModelInfo, ModelOverrides } from "./providers/types.js";
export type { AnalysisReport, CallSiteReport, FileError, FindingReport, PrefixReport, SegmentReport, Severity } from "./report/types.js";
export { fileSystemHost, Project, type ModuleLocator, type ProjectHost } from "./project/project.js";
export { parseSettings, type PromptCacheSettings } from "./settings.js";
export { countTokens } from "./tokens/count.js";
export { estimatePrefix, type PrefixEstimate } from "./tokens/prefix.js";

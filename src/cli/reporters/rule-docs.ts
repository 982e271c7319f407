import { checks } from "../../checks/index.js";
import { ruleDocsUrl } from "../../checks/docs-url.js";

export interface RuleDoc {
  /** `prompt-cache/<rule>`, as in the report. */
  id: string;
  description: string;
  url: string;
}

/** Each rule's description and documentation link, from the engine's checks (the same text as the ESLint rules' `meta.docs`). */
export function ruleDocs(): RuleDoc[] {
  return Object.entries(checks).map(([name, check]) => ({
    id: `prompt-cache/${name}`,
    description: check.description,
    url: ruleDocsUrl(name),
  }));
}

export interface RuleDoc {
  /** `prompt-cache/<rule>`, as in the report. */
  id: string;
  description: string;
  url: string;
}

/**
 * Each rule's description and documentation link, from its ESLint metadata. Loaded on demand by
 * the formats that show them: the rules module pulls in ESLint's API.
 */
export async function loadRuleDocs(): Promise<RuleDoc[]> {
  const { rules } = await import("../../../rules/index.js");
  return Object.entries(rules).map(([name, rule]) => {
    // createRule fills `docs.url` from the name, and every rule has a description (meta-tested).
    const { description, url } = rule.meta.docs!;
    return { id: `prompt-cache/${name}`, description, url: url! };
  });
}

/**
 * Classification from free text (issue 3): an entry without an activity code gets one from the first keyword
 * rule its description matches. Keywords are compared without case and diacritics, at the start of a word, so
 * a stem catches the Czech endings (`výpad` finds "výpadek", "výpadku"). The rules are tried in order: put the
 * specific ones first ("pokročilá diagnostika" before "diagnostika").
 */
export interface KeywordRule {
  /** A word or the start of one, or several words ("změna IVR"). */
  keyword: string;
  /** The activity code the entry gets. */
  activity: string;
}

/**
 * The default rules, from the policy's lists and examples of free and paid requests (the Czech original's
 * wording). A config file replaces the whole list (`keywords`).
 */
export const DEFAULT_KEYWORDS: readonly KeywordRule[] = [
  // Development consultations and consultations (before anything that says "konzultace").
  { keyword: 'konzultace k rozvoj', activity: 'development-consultation' },
  { keyword: 'rozvoj systém', activity: 'development-consultation' },
  { keyword: 'studie nasazení', activity: 'project' },
  { keyword: 'projekt', activity: 'project' },
  { keyword: 'konzultac', activity: 'consultation' },
  // Free: outages, termination, billing and sales questions, offers.
  { keyword: 'výpad', activity: 'outage' },
  { keyword: 'odstávk', activity: 'outage' },
  { keyword: 'ukončení služ', activity: 'termination' },
  { keyword: 'výpověď', activity: 'termination' },
  { keyword: 'faktur', activity: 'billing-question' },
  { keyword: 'vyúčtování', activity: 'billing-question' },
  { keyword: 'obchodní dotaz', activity: 'sales-question' },
  { keyword: 'nabídk', activity: 'service-offer' },
  { keyword: 'jak funguje', activity: 'service-question' },
  { keyword: 'funkčnost', activity: 'service-question' },
  // Diagnostics: advanced before basic before by-cause.
  { keyword: 'pokročilá diagnostik', activity: 'advanced-diagnostics' },
  { keyword: 'základní diagnostik', activity: 'basic-diagnostics' },
  { keyword: 'diagnostik', activity: 'diagnostics' },
  // Paid: training, user support, configuration (the policy's PBX, internet and voice examples).
  { keyword: 'školení', activity: 'training' },
  { keyword: 'hesl', activity: 'user-support' },
  { keyword: 'odpojen', activity: 'user-support' },
  { keyword: 'statistik', activity: 'user-support' },
  { keyword: 'uživatelsk', activity: 'user-support' },
  { keyword: 'změna IVR', activity: 'configuration' },
  { keyword: 'IVR', activity: 'configuration' },
  { keyword: 'front', activity: 'configuration' },
  { keyword: 'tabulk', activity: 'configuration' },
  { keyword: 'směrování', activity: 'configuration' },
  { keyword: 'hlásk', activity: 'configuration' },
  { keyword: 'link', activity: 'configuration' },
  { keyword: 'profil', activity: 'configuration' },
  { keyword: 'IP adres', activity: 'configuration' },
  { keyword: 'router', activity: 'configuration' },
  { keyword: 'VPN', activity: 'configuration' },
  { keyword: 'nastavení', activity: 'configuration' },
  { keyword: 'konfigurac', activity: 'configuration' },
];

/** Lower case, no diacritics: how descriptions and keywords are compared. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Rules prepared for matching many descriptions: each keyword as a folded, word-start pattern. */
export interface KeywordMatcher {
  match(description: string): KeywordRule | null;
}

export function keywordMatcher(rules: readonly KeywordRule[]): KeywordMatcher {
  const patterns = rules.map((rule) => ({
    rule,
    pattern: new RegExp(`(?:^|[^\\p{L}\\p{N}])${foldText(rule.keyword).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}`, 'u'),
  }));
  return {
    match(description) {
      if (description === '') return null;
      const folded = foldText(description);
      return patterns.find((p) => p.pattern.test(folded))?.rule ?? null;
    },
  };
}

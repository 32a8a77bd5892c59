/**
 * Which category a request most likely belongs to, from two kinds of evidence:
 *
 * 1. Keywords (the starting point, works on day one): each leaf category's keywords and name count 1 when they
 *    occur among the text's jieba words, its parent category's keywords and name count 0.5.
 * 2. What this community's dispatchers did before (learning): a multinomial naive Bayes over the words of the
 *    community's recent categorized requests (Laplace smoothing, words never seen in the history ignored). Its
 *    posterior is weighted by how much history there is (n / (n + 10)) and by LEARNED_WEIGHT, and only counts for a
 *    category whose past requests share at least one word with this one.
 *
 * The score of a category is keyword evidence + learned evidence; the scores returned are shares of the total, so
 * the list reads as "how sure" (they sum to 1 over the categories with any evidence). A category whose share is
 * below MIN_SHARE is left out: a chip reading "0 %" only adds noise next to the real candidates.
 */
export interface CategoryInfo {
  id: number;
  code: string;
  name: string;
  parentName: string | null;
  /** The leaf's own keywords and name. */
  keywords: string[];
  /** The parent category's keywords and name. */
  parentKeywords: string[];
  /** Position in the category tree's order; breaks ties. */
  sortOrder: number;
}

export interface HistoryDoc {
  categoryId: number;
  words: string[];
}

interface CategoryCounts {
  docs: number;
  total: number;
  words: Map<string, number>;
}

export interface CategoryModel {
  docs: number;
  vocabulary: Set<string>;
  byCategory: Map<number, CategoryCounts>;
}

export interface CategorySuggestion {
  category: CategoryInfo;
  score: number;
  matchedKeywords: string[];
  /** Past requests of this category in the community that share a word with this one. */
  similarPast: number;
}

export const LEARNED_WEIGHT = 2;
const PARENT_KEYWORD_WEIGHT = 0.5;
const HISTORY_HALF_CONFIDENCE = 10;
/** The smallest share of the evidence worth offering to a dispatcher (a 5 % candidate still reads as a real option). */
export const MIN_SHARE = 0.05;

export function buildModel(docs: HistoryDoc[]): CategoryModel {
  const vocabulary = new Set<string>();
  const byCategory = new Map<number, CategoryCounts>();
  for (const doc of docs) {
    let counts = byCategory.get(doc.categoryId);
    if (!counts) byCategory.set(doc.categoryId, (counts = { docs: 0, total: 0, words: new Map() }));
    counts.docs++;
    for (const w of doc.words) {
      vocabulary.add(w);
      counts.total++;
      counts.words.set(w, (counts.words.get(w) ?? 0) + 1);
    }
  }
  return { docs: docs.length, vocabulary, byCategory };
}

/** Naive Bayes posterior P(category | words) over the categories the history holds. */
function posterior(model: CategoryModel, words: string[]): Map<number, number> {
  const known = words.filter((w) => model.vocabulary.has(w));
  const out = new Map<number, number>();
  if (known.length === 0 || model.byCategory.size === 0) return out;
  const v = model.vocabulary.size;
  const logs = new Map<number, number>();
  for (const [id, c] of model.byCategory) {
    let log = Math.log((c.docs + 1) / (model.docs + model.byCategory.size));
    for (const w of known) log += Math.log(((c.words.get(w) ?? 0) + 1) / (c.total + v));
    logs.set(id, log);
  }
  const max = Math.max(...logs.values());
  let sum = 0;
  for (const [id, log] of logs) {
    const p = Math.exp(log - max);
    out.set(id, p);
    sum += p;
  }
  for (const [id, p] of out) out.set(id, p / sum);
  return out;
}

function sharedDocs(model: CategoryModel, categoryId: number, words: Set<string>): number {
  const c = model.byCategory.get(categoryId);
  if (!c) return 0;
  for (const w of words) if (c.words.has(w)) return c.docs;
  return 0;
}

export function scoreCategories(words: string[], categories: CategoryInfo[], model: CategoryModel, limit = 5): CategorySuggestion[] {
  const wordSet = new Set(words);
  const learned = posterior(model, words);
  const confidence = model.docs / (model.docs + HISTORY_HALF_CONFIDENCE);
  const raw: { category: CategoryInfo; raw: number; matchedKeywords: string[]; similarPast: number }[] = [];
  for (const category of categories) {
    const own = category.keywords.filter((k) => wordSet.has(k));
    const inherited = category.parentKeywords.filter((k) => wordSet.has(k) && !own.includes(k));
    const similarPast = sharedDocs(model, category.id, wordSet);
    const learnedPart = similarPast > 0 ? LEARNED_WEIGHT * confidence * (learned.get(category.id) ?? 0) : 0;
    const value = own.length + PARENT_KEYWORD_WEIGHT * inherited.length + learnedPart;
    if (value > 0) raw.push({ category, raw: value, matchedKeywords: [...own, ...inherited], similarPast });
  }
  const total = raw.reduce((s, r) => s + r.raw, 0);
  return raw
    .filter((r) => r.raw / total >= MIN_SHARE)
    .sort((a, b) => b.raw - a.raw || a.category.sortOrder - b.category.sortOrder || a.category.id - b.category.id)
    .slice(0, limit)
    .map((r) => ({ category: r.category, score: Math.round((r.raw / total) * 1000) / 1000, matchedKeywords: r.matchedKeywords, similarPast: r.similarPast }));
}

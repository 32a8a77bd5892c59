import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Chinese word segmentation for the dispatcher's help: jieba with its shipped dictionary, plus every category
 * keyword (so "路灯不亮" splits as 路灯/不亮 rather than 路/灯不亮). Search-mode cutting also yields the shorter
 * words inside long ones (暖气片 → 暖气, 暖气片), which lets a keyword match a longer word.
 */
let jieba: Jieba | undefined;
const knownWords = new Set<string>();
/** Frequency given to category keywords: high enough to win over the dictionary's own splits. */
const KEYWORD_FREQUENCY = 50_000;

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Teach the segmenter the category keywords it has not seen yet (loading is additive and idempotent). */
export function addWords(words: Iterable<string>): void {
  const fresh = [...words].map((w) => w.trim()).filter((w) => w.length > 1 && !/\s/.test(w) && !knownWords.has(w));
  if (fresh.length === 0) return;
  segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} ${KEYWORD_FREQUENCY} n`).join('\n')));
  for (const w of fresh) knownWords.add(w);
}

/** Words that say nothing about the kind of problem (function words, politeness, filler of hotline records). */
const STOPWORDS = new Set(
  (
    '的 了 在 是 我 有 和 就 不 人 都 也 很 到 说 要 去 你 会 着 没有 看 好 这 那 他 她 它 们 我们 你们 他们 ' +
    '一个 一些 这个 那个 这里 那里 现在 已经 还是 还有 还 又 再 才 被 把 让 给 对 从 向 与 及 或 等 吗 呢 吧 啊 ' +
    '请 请求 麻烦 帮忙 帮助 希望 要求 反映 问题 情况 相关 部门 处理 解决 尽快 一下 非常 特别 比较 目前 ' +
    '来电 来电人 市民 群众 居民 诉求 称 表示 咨询 投诉 举报 建议 该 其 此 个 些 里 上 下 中 内 外 前 后'
  ).split(' '),
);

const PUNCTUATION_OR_NUMBER = /^[\p{P}\p{S}\p{N}\s]+$/u;

/**
 * The meaningful words of a text: lower-cased, without punctuation, numbers and stop words. Single characters
 * are dropped (楼, 号, 水 carry little) unless they are themselves a keyword (坑, 淹).
 */
export function wordsOf(text: string, singleCharKeywords: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const raw of segmenter().cutForSearch(text, false)) {
    const w = raw.trim().toLowerCase();
    if (!w || PUNCTUATION_OR_NUMBER.test(w) || STOPWORDS.has(w)) continue;
    if ([...w].length === 1 && !singleCharKeywords.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Jaccard similarity of two word sets: |A ∩ B| / |A ∪ B|, 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [lng, lat] points (haversine). */
export function haversineMeters(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box around a point that contains every point within `meters` (the SQL prefilter before the exact distance). */
export function boundingBox(lng: number, lat: number, meters: number) {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.max(Math.cos(rad(lat)), 1e-6);
  const dLng = dLat / cos;
  return { minLng: lng - dLng, maxLng: lng + dLng, minLat: lat - dLat, maxLat: lat + dLat };
}

// i18n/index.js — the page's two languages: pick from the browser, switch, remember, translate.
import en from './en.js';
import zh from './zh.js';
import errors from './errors.js';
import lessons from './lessons.js';
import experiments from './experiments.js';

// Engine error codes live under 'err.' so they can never shadow a page key.
const prefixed = (codes) => Object.fromEntries(Object.entries(codes).map(([code, text]) => [`err.${code}`, text]));

// One catalog per language, put together from the page's, the engine errors', the lessons' and the
// experiments' text.
const CATALOGS = {
  en: { ...en, ...prefixed(errors.en), ...lessons.en, ...experiments.en },
  zh: { ...zh, ...prefixed(errors.zh), ...lessons.zh, ...experiments.zh },
};
const STORAGE_KEY = 'cnnlab.lang';
let current = 'en';
const listeners = new Set();

// The remembered choice wins; otherwise the first browser language we have (zh-CN, zh-TW → zh).
export function detectLang(storage = globalThis.localStorage, languages = globalThis.navigator?.languages) {
  const saved = safeGet(storage, STORAGE_KEY);
  if (saved && CATALOGS[saved]) return saved;
  for (const tag of languages ?? []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (CATALOGS[base]) return base;
  }
  return 'en';
}

function safeGet(storage, key) {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;  // storage can be disabled (private mode, file://); the page still works
  }
}

export function getLang() {
  return current;
}

export function setLang(lang, { remember = true } = {}) {
  if (!CATALOGS[lang]) throw new Error(`language "${lang}" is not available (have: ${Object.keys(CATALOGS).join(', ')})`);
  current = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembered, still switched.
    }
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  translateTree(document);
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// t('train.epochOf', {epoch: 2, total: 3}) → "Epoch 2 of 3"; a missing key falls back to English,
// then to the key itself so a gap is visible rather than blank.
export function t(key, params = {}) {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// An engine refusal in the learner's language: by its code and params when the catalog has the
// code, else the engine's own (English) sentence.
export function errorText(err) {
  const code = err?.code;
  if (code && code !== 'engine' && `err.${code}` in CATALOGS[current]) return t(`err.${code}`, err.params ?? {});
  return err?.message ?? String(err);
}

// A message held in the state, said in the current language: a plain string, or {key, params, err}
// where err (an engine refusal) fills {message}; without a key the refusal alone is said.
export function say(m) {
  if (!m) return '';
  if (typeof m === 'string') return m;
  const params = { ...(m.params ?? {}) };
  if (m.err) params.message = errorText(m.err);
  return m.key ? t(m.key, params) : params.message ?? '';
}

// Static markup: data-i18n="key" sets the text; data-i18n-attr="aria-label:key;title:key" sets
// attributes. Views re-render their own dynamic text on onLangChange.
export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

// i18n/errors.js — the engine's error codes in the learner's language ({name}: the error's params).
// The engine keeps English text for the CLI; the page translates by code (see i18n/index.js tError).
export default {
  en: {},
  zh: {},
};

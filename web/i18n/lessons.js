// i18n/lessons.js — the text of the lessons (lessons/), in both languages.
export default {
  en: {},
  zh: {},
};

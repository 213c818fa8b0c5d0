// i18n/errors.js — the engine's error codes in the learner's language ({name}: the error's params).
// The engine keeps English text for the CLI (cpp/error.h); the page translates by code and falls
// back to the English sentence for a code it does not know. Keys are the bare codes
// ('spec.unknown_type': '…'); i18n/index.js files them under 'err.<code>' (see tError).
export default {
  en: {
    // ---- model spec, network, training, optimizer --------------------------------------------


    // ---- images, data sets, model files -------------------------------------------------------


    // ---- other ------------------------------------------------------------------------------
  },
  zh: {
    // ---- model spec, network, training, optimizer --------------------------------------------


    // ---- images, data sets, model files -------------------------------------------------------


    // ---- other ------------------------------------------------------------------------------
  },
};

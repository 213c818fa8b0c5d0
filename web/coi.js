// coi.js — registers sw.js so the page becomes cross-origin isolated (and the engine may use
// threads) on static hosts. Isolation is fixed when a page loads, so the first visit reloads once
// when the service worker takes control. Nothing happens when the host already sends the headers
// (./build.sh serve does), where service workers are unavailable, or if the reload did not help
// (sessionStorage remembers that it was tried). Without isolation the single-threaded engine runs.
(function () {
  var TRIED = 'cnnlab.coiReload';
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(TRIED);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || sessionStorage.getItem(TRIED)) return;
  function reloadOnce() {
    sessionStorage.setItem(TRIED, '1');
    location.reload();
  }
  navigator.serviceWorker.register('sw.js').then(function () {
    if (navigator.serviceWorker.controller) reloadOnce();  // controlled, yet loaded before it was
    else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce);
  }, function (err) {
    console.info('cross-origin isolation unavailable (' + err.message + '): the engine runs single-threaded');
  });
})();

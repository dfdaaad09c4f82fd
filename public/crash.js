// Kura's crash screen, drawn without WebAssembly.
//
// Loaded by index.html before the app (a same-origin script: the CSP allows it,
// no inline script or style is needed). It replaces the page by one readable
// screen on every failure:
// - a Rust panic: the panic hook calls window.kuraCrash(message);
// - a WebAssembly trap (out of memory, `unreachable`) or any exception thrown
//   out of an event handler or a timer: the window's `error` event;
// - a rejected promise nobody handled (a trap inside a promise, the wasm
//   failing to load): `unhandledrejection`.
// A trapped instance cannot run anything more, so this screen needs none of it:
// its texts are left on <html data-crash-*> by the app (platform::apply_locale,
// from the i18n module); before the app ever ran, the short texts below stand.
// The screen offers a reload and, inside a book, "Save a backup", which reloads
// into the rescue mode (/?rescue=<book id>): the book opened alone, only to be
// downloaded.
(() => {
  'use strict';

  // Only for a failure before the app has put its texts on the page.
  const BEFORE_THE_APP = {
    ja: {
      title: 'エラーが発生しました',
      intro: 'Kuraを起動できませんでした。保存済みのデータはこのブラウザーに残っています。',
      reload: '再読み込み',
      backup: 'バックアップを保存',
      books: '帳簿一覧へ戻る',
      detail: 'エラーの詳細',
    },
    en: {
      title: 'Something went wrong',
      intro: 'Kura could not start. What was saved is safe in this browser.',
      reload: 'Reload',
      backup: 'Save a backup',
      books: 'Back to the books',
      detail: 'Details of the error',
    },
  };

  function texts() {
    const data = document.documentElement.dataset;
    if (data.crashTitle) {
      return {
        title: data.crashTitle,
        intro: data.crashIntro,
        reload: data.crashReload,
        backup: data.crashBackup,
        books: data.crashBooks,
        detail: data.crashDetail,
      };
    }
    let saved = null;
    try {
      saved = localStorage.getItem('kura.locale');
    } catch (_) {
      // Storage may be unavailable (private mode); the browser's language decides.
    }
    const lang = saved || navigator.language || 'ja';
    return BEFORE_THE_APP[lang.startsWith('en') ? 'en' : 'ja'];
  }

  // The book the page was showing, whose backup the rescue mode can save.
  function bookId() {
    const inPath = /^\/books\/([0-9a-fA-F-]{36})(?:\/|$)/.exec(location.pathname);
    if (inPath) return inPath[1];
    const rescued = new URLSearchParams(location.search).get('rescue');
    return rescued && /^[0-9a-fA-F-]{36}$/.test(rescued) ? rescued : null;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href, className, testId) {
    const a = element('a', className, text);
    a.href = href;
    a.dataset.testid = testId;
    return a;
  }

  function describe(failure) {
    if (failure instanceof Error) {
      return `${failure.name}: ${failure.message}${failure.stack ? `\n${failure.stack}` : ''}`;
    }
    return String(failure);
  }

  let shown = false;

  // Draws the screen once: the first failure is the one worth reading (a
  // panic's trap follows its message).
  function show(detail) {
    if (shown) return;
    shown = true;
    const t = texts();
    const panel = element('div', 'kura-crash');
    panel.setAttribute('role', 'alert');
    panel.dataset.testid = 'crash-screen';
    panel.append(element('h1', '', t.title), element('p', '', t.intro));
    const actions = element('p', 'kura-crash__actions');
    actions.append(link(t.reload, location.href, 'kura-button kura-button--primary', 'crash-reload'));
    const book = bookId();
    if (book) {
      actions.append(link(t.backup, `/?rescue=${book}`, 'kura-button', 'crash-rescue'));
    }
    actions.append(link(t.books, '/', '', 'crash-books'));
    const details = element('details', 'kura-crash__details');
    details.append(element('summary', '', t.detail), element('pre', '', detail));
    panel.append(actions, details);
    const draw = () => document.body.replaceChildren(panel);
    if (document.body) draw();
    else document.addEventListener('DOMContentLoaded', draw, { once: true });
  }

  window.kuraCrash = show;
  // The app's router takes clicks on links to move inside the page; the
  // screen's links must leave it for real. Listening first (this script runs
  // before the app) and in the capture phase, nothing else sees those clicks.
  window.addEventListener('click', (event) => {
    if (shown && event.target instanceof Element && event.target.closest('.kura-crash')) {
      event.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('error', (event) => {
    // An error without an error object is not a script failure (a resource, a
    // ResizeObserver notice): nothing stopped.
    if (event.error != null) show(describe(event.error));
  });
  window.addEventListener('unhandledrejection', (event) => show(describe(event.reason)));
})();

//! The browser facilities the app needs, behind small functions: the clock,
//! random ids, the device id, the UI language preference, storage quota and
//! persistence, messages and Web Locks between tabs, the service worker, the
//! crash screen and the rescue mode.
//!
//! The core never calls any of this; the app reads the clock and draws random
//! bits here and passes them to the core.

use chrono::NaiveDateTime;
use kura_core::book::WriteCtx;
use kura_core::files::backup::KeyParams;
use kura_core::files::{Problem, ProblemKind};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::locale::Locale;
use kura_core::sync::{ChangeSet, HlcClock};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const DEVICE_KEY: &str = "kura.device";
const LOCALE_KEY: &str = "kura.locale";

fn window() -> web_sys::Window {
    web_sys::window().expect("Kura runs in a browser window")
}

/// Today in the device's time zone: what a form starts from and what "this
/// year" and "overdue" are measured against.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// 128 random bits from the browser's cryptographic generator.
fn random_u128() -> u128 {
    let mut bytes = [0u8; 16];
    window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .expect("the browser offers crypto.getRandomValues");
    u128::from_be_bytes(bytes)
}

/// A fresh record id (UUIDv7) made on this device.
pub fn new_id() -> RecordId {
    RecordId::from_parts(now_ms(), random_u128())
}

/// The id and clock stamp for one write, ticking the book's clock.
pub fn write_ctx(clock: &mut HlcClock) -> WriteCtx {
    WriteCtx {
        set_id: new_id(),
        stamp: clock.tick(now_ms()),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// This browser profile's device id, made on first use and kept in localStorage.
pub fn device_id() -> DeviceId {
    let storage = local_storage();
    let stored = storage
        .as_ref()
        .and_then(|s| s.get_item(DEVICE_KEY).ok().flatten())
        .and_then(|text| text.parse().ok());
    stored.unwrap_or_else(|| {
        let device = DeviceId(new_id());
        if let Some(s) = storage {
            // If this fails (private mode), the id lives for this session only,
            // which keeps stamps unique all the same.
            let _ = s.set_item(DEVICE_KEY, &device.to_string());
        }
        device
    })
}

/// The UI language chosen last in this browser, or the browser's own language.
pub fn preferred_locale() -> Locale {
    let saved = local_storage()
        .and_then(|s| s.get_item(LOCALE_KEY).ok().flatten())
        .and_then(|text| text.parse().ok());
    saved.unwrap_or_else(|| {
        let browser = window().navigator().language().unwrap_or_default();
        if browser.starts_with("en") {
            Locale::En
        } else {
            Locale::Ja
        }
    })
}

/// Remembers the UI language, sets the page's `lang` for screen readers and
/// fonts, and leaves the crash screen's texts in that language on the page.
pub fn apply_locale(locale: Locale) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LOCALE_KEY, locale.tag());
    }
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.tag());
        publish_crash_texts(&root, locale);
    }
}

/// How much the browser lets Kura store, as (used, quota) bytes.
pub async fn storage_estimate() -> Option<(u64, u64)> {
    let promise = storage_manager()?.estimate().ok()?;
    let estimate: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage()? as u64, estimate.get_quota()? as u64))
}

/// Whether the browser keeps Kura's data when the disk runs low.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Persistent: the browser clears it only if the user does.
    Granted,
    /// Best effort: the browser may clear it to free space, without asking.
    Refused,
    /// This browser does not say (no `navigator.storage`, or it failed).
    Unknown,
}

/// Whether the browser has granted persistent storage (it does not ask the user).
pub async fn storage_persistence() -> Persistence {
    persistence_of(storage_manager().map(|s| s.persisted())).await
}

/// Asks the browser to keep Kura's data even when the disk runs low. Chromium
/// decides on its own; Firefox may ask the user, without blocking the page.
pub async fn request_persistent_storage() -> Persistence {
    persistence_of(storage_manager().map(|s| s.persist())).await
}

/// `navigator.storage`, where the browser has it (it needs a secure context).
fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &JsValue::from_str("storage"))
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}

/// What a `persisted()` or `persist()` promise says.
async fn persistence_of(promise: Option<Result<js_sys::Promise, JsValue>>) -> Persistence {
    let Some(Ok(promise)) = promise else {
        return Persistence::Unknown;
    };
    match JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()) {
        Some(true) => Persistence::Granted,
        Some(false) => Persistence::Refused,
        None => Persistence::Unknown,
    }
}

/// Registers the service worker that keeps the app available offline. A failure
/// only means no offline support, so it is logged, not shown (the Data page
/// says so where the browser has no service workers: [`Reduced::Offline`]).
pub fn register_service_worker() {
    if Reduced::Offline.here() {
        return;
    }
    let container = window().navigator().service_worker();
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = JsFuture::from(promise).await {
            web_sys::console::warn_2(&"Kura: offline support unavailable".into(), &error);
        }
    });
}

/// What one tab tells the others on a book's channel: a change set it
/// committed and, for a set committed by the write path, the book's revision
/// that commit made (so the others know their book is at that revision too).
#[derive(Debug, Serialize, Deserialize)]
pub struct TabMessage {
    pub set: ChangeSet,
    #[serde(default)]
    pub revision: Option<u64>,
}

/// A channel between the tabs of this browser that have the same book open.
/// Every committed change set is posted to it, so the other tabs fold it in
/// without reloading.
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Listens on the book's channel; `on_message` gets every set another tab commits.
    pub fn open(
        book_id: RecordId,
        mut on_message: impl FnMut(TabMessage) + 'static,
    ) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(&format!("kura-book-{book_id}")).ok()?;
        let listener = Closure::<dyn FnMut(_)>::new(move |event: web_sys::MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            // A tab still running the previous Kura (until it reloads) posts
            // the bare set.
            let message = serde_json::from_str::<TabMessage>(&text).or_else(|_| {
                serde_json::from_str::<ChangeSet>(&text).map(|set| TabMessage {
                    set,
                    revision: None,
                })
            });
            match message {
                Ok(message) => on_message(message),
                Err(error) => web_sys::console::warn_1(
                    &format!("Kura: ignored a message from another tab: {error}").into(),
                ),
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs about a committed change set (written outside the
    /// write path: they learn of the set, not of the book's revision).
    pub fn post(&self, set: &ChangeSet) {
        self.send(set, None);
    }

    /// Tells the other tabs about a set the write path committed, which
    /// brought the book to `revision`.
    pub fn post_committed(&self, set: &ChangeSet, revision: u64) {
        self.send(set, Some(revision));
    }

    fn send(&self, set: &ChangeSet, revision: Option<u64>) {
        #[derive(Serialize)]
        struct Outgoing<'a> {
            set: &'a ChangeSet,
            revision: Option<u64>,
        }
        if let Ok(text) = serde_json::to_string(&Outgoing { set, revision }) {
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`, the Web Locks API (web-sys has it only among its
    /// unstable APIs, so the two calls Kura makes are declared here).
    type LockManager;

    #[wasm_bindgen(method, catch)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `AbortSignal.timeout(ms)`; throws where the browser lacks it.
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn abort_signal_after(ms: u32) -> Result<JsValue, JsValue>;
}

/// How long a tab waits for another's turn before taking the lock from it. A
/// tab that stopped in the middle of a write (a crash) never gives the lock
/// back; taking it over is safe, as the lock is not what keeps a stale write
/// out (see `storage/revision.rs`): it only makes tabs take turns.
const LOCK_WAIT_MS: u32 = 5_000;

/// A Web Lock this tab holds; dropping it lets the next tab have its turn.
pub struct WebLock {
    release: js_sys::Function,
}

impl Drop for WebLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}

/// Takes the Web Lock `name`, shared by every tab of this origin: waits while
/// another tab holds it, at most [`LOCK_WAIT_MS`] (without a limit where the
/// browser lacks `AbortSignal.timeout`: Safari before 16), then takes it over.
/// `None` where the browser has no Web Locks (an insecure context, an old
/// browser): the caller goes on without taking turns.
pub async fn web_lock(name: &str) -> Option<WebLock> {
    let locks = lock_manager()?.unchecked_into::<LockManager>();
    match request_lock(&locks, name, false).await {
        Some(lock) => Some(lock),
        None => request_lock(&locks, name, true).await,
    }
}

/// One `navigator.locks.request`: granted, or `None` if it gave up waiting
/// (or, with `steal`, could not take the lock over).
async fn request_lock(locks: &LockManager, name: &str, steal: bool) -> Option<WebLock> {
    // The lock is held until the promise its callback returns settles: that
    // promise is resolved by `WebLock::drop`.
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut grant = None;
    let granted = js_sys::Promise::new(&mut |resolve, _| grant = Some(resolve));
    let (release, grant) = (release?, grant?);
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = grant.call0(&JsValue::UNDEFINED);
        held.into()
    });
    let options = js_sys::Object::new();
    let option = |key: &str, value: &JsValue| js_sys::Reflect::set(&options, &key.into(), value);
    if steal {
        option("steal", &JsValue::TRUE).ok()?;
    } else if let Ok(signal) = abort_signal_after(LOCK_WAIT_MS) {
        option("signal", &signal).ok()?;
    }
    let request = locks.request(name, &options, &callback).ok()?;
    // Settles when the lock is released, or rejects when the wait times out or
    // another tab takes the lock over: neither is a failure of the page.
    ignore_rejection(&request);
    let first = js_sys::Promise::race(&js_sys::Array::of2(&granted, &request));
    JsFuture::from(first).await.ok()?;
    Some(WebLock { release })
}

/// Marks a promise's rejection as handled, so it is not an unhandled
/// rejection (which the crash screen would show).
fn ignore_rejection(promise: &js_sys::Promise) {
    thread_local! {
        static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
    }
    IGNORE.with(|ignore| {
        let _ = promise.catch(ignore);
    });
}

/// Shows the crash screen when the wasm panics, with the panic's message.
///
/// The screen itself is drawn by `public/crash.js`, a small script loaded
/// before the wasm, which also draws it for every failure that never reaches
/// this hook: a trap (out of memory, `unreachable`) thrown out of an event
/// handler or a promise, an error while the wasm loads. A trapped instance
/// can run nothing more, so that screen must not need it: its texts are left
/// on the page beforehand ([`apply_locale`]).
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_screen(&info.to_string());
    }));
}

/// `window.kuraCrash(detail)`, which `public/crash.js` defines.
fn show_crash_screen(detail: &str) {
    let window = window();
    let draw = js_sys::Reflect::get(&window, &JsValue::from_str("kuraCrash"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match draw {
        Some(draw) => drop(draw.call1(&window, &JsValue::from_str(detail))),
        None => web_sys::console::error_1(&"Kura: crash.js is missing; no crash screen".into()),
    }
}

/// The crash screen's texts in `locale`, as `data-crash-*` attributes of the
/// page's root element, where `public/crash.js` reads them.
fn publish_crash_texts(root: &web_sys::Element, locale: Locale) {
    let t = crate::i18n::messages(locale);
    for (name, text) in [
        ("data-crash-title", t.error_title),
        ("data-crash-intro", t.crash_intro),
        ("data-crash-reload", t.error_reload),
        ("data-crash-backup", t.crash_backup),
        ("data-crash-books", t.back_to_books),
        ("data-crash-detail", t.crash_detail),
    ] {
        let _ = root.set_attribute(name, text);
    }
}

/// The book named by `?rescue=<book id>`: the crash screen reloads into this
/// mode, which opens the book and offers only its backup.
pub fn rescue_book() -> Option<RecordId> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("rescue="))?
        .parse()
        .ok()
}

/// The bytes of a file the user chose (or of any Blob); `None` when the
/// browser cannot read it (the file was moved or deleted since it was chosen).
pub async fn blob_bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The bytes of a file the user chose, if it is at most `limit` bytes. The
/// size is the file's own, known before a byte is read, so a file too large is
/// refused at once instead of being read into memory first. A file the browser
/// cannot read (moved or deleted since it was chosen) reads as empty, which
/// the importers report as such.
pub async fn file_bytes_within(file: &web_sys::File, limit: usize) -> Result<Vec<u8>, Problem> {
    if file.size() > limit as f64 {
        return Err(Problem::file(ProblemKind::TooLarge { limit }));
    }
    Ok(blob_bytes(file).await.unwrap_or_default())
}

/// The first file chosen in a file input, if any.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|files| files.get(0))
}

/// `name` with the characters that file systems refuse (`/\\:*?"<>|` and control
/// characters) replaced by `_`, and outer spaces trimmed: book names become file names.
pub fn safe_file_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if r#"/\:*?"<>|"#.contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Saves `text` as a file called `file_name` through the browser's download (the
/// CSV export): a Blob, an object URL, a temporary `<a download>` clicked, and the
/// URL revoked. A blob: link is a navigation, not a fetch, so the page's CSP
/// (`connect-src 'self'`) does not stand in its way.
pub fn download_text(file_name: &str, text: &str, mime: &str) {
    download(file_name, &JsValue::from_str(text), mime);
}

/// Saves `bytes` as a file (a sync file of changes), like [`download_text`].
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) {
    download(file_name, &js_sys::Uint8Array::from(bytes).into(), mime);
}

/// Downloads one Blob part (a string or a `Uint8Array`).
fn download(file_name: &str, part: &JsValue, mime: &str) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(part), &options);
    match blob {
        Ok(blob) => download_blob(file_name, &blob),
        Err(error) => web_sys::console::warn_2(&"Kura: download failed".into(), &error),
    }
}

/// Lets the page paint and handle input before a long job continues: resolves
/// on the next macrotask (`setTimeout(0)`). Long imports and backups await it
/// between parts.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// 32 random bytes from the browser's cryptographic generator (salts, nonces).
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&random_u128().to_be_bytes());
    bytes[16..].copy_from_slice(&random_u128().to_be_bytes());
    bytes
}

/// The key of a book file's passphrase (PBKDF2-HMAC-SHA256, as
/// `kura_core::files::backup::derive_key` computes it), by the browser's
/// WebCrypto: at native speed and asynchronous, so the page keeps responding,
/// where the same derivation in WebAssembly holds it for seconds. Where
/// WebCrypto is missing, the core derives it.
pub async fn derive_key(passphrase: &str, params: &KeyParams) -> [u8; 32] {
    match webcrypto_derive_key(passphrase, params).await {
        Ok(key) => key,
        Err(_) => kura_core::files::backup::derive_key(passphrase, params),
    }
}

/// WebCrypto's `deriveBits` with PBKDF2-HMAC-SHA256; `Err` where the browser
/// refuses (no `crypto.subtle` outside a secure context).
pub async fn webcrypto_derive_key(
    passphrase: &str,
    params: &KeyParams,
) -> Result<[u8; 32], JsValue> {
    let subtle = window().crypto()?.subtle();
    let raw = js_sys::Uint8Array::from(passphrase.as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let base = subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages)?;
    let base: web_sys::CryptoKey = JsFuture::from(base).await?.unchecked_into();
    let algorithm = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&algorithm, &key.into(), value);
    set("name", &"PBKDF2".into())?;
    set("hash", &"SHA-256".into())?;
    set("salt", &js_sys::Uint8Array::from(&params.salt[..]))?;
    set("iterations", &params.iterations.into())?;
    let bits = JsFuture::from(subtle.derive_bits_with_object(&algorithm, &base, 256)?).await?;
    js_sys::Uint8Array::new(&bits)
        .to_vec()
        .try_into()
        .map_err(|_| JsValue::from_str("PBKDF2 gave other than 32 bytes"))
}

/// A small value this browser keeps for Kura (device-local, not in any book).
pub fn local_value(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Keeps a small device-local value; in private mode it may not last.
pub fn set_local_value(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Saves a Blob as a file called `file_name` through the browser's download: an
/// object URL, a temporary `<a download>` clicked, and the URL revoked. A blob:
/// link is a navigation, not a fetch, so the page's CSP (`connect-src 'self'`)
/// does not stand in its way.
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) {
    let result = (|| -> Result<(), JsValue> {
        let document = window()
            .document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let url = web_sys::Url::create_object_url_with_blob(blob)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
        link.set_href(&url);
        link.set_download(file_name);
        link.set_class_name("kura-visually-hidden");
        if let Some(body) = document.body() {
            body.append_child(&link)?;
            link.click();
            body.remove_child(&link)?;
        }
        // Revoked after the click has been handled, so the download has started.
        let revoke = Closure::once_into_js(move || {
            web_sys::Url::revoke_object_url(&url).ok();
        });
        window().set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            10_000,
        )?;
        Ok(())
    })();
    if let Err(error) = result {
        web_sys::console::warn_2(&"Kura: download failed".into(), &error);
    }
}

/// The bytes of `range` of a Blob (a chosen file), read by `Blob.slice`: only
/// that range enters wasm memory. `None` when the browser cannot read it.
pub async fn blob_range(blob: &web_sys::Blob, range: std::ops::Range<u64>) -> Option<Vec<u8>> {
    let slice = blob
        .slice_with_f64_and_f64(range.start as f64, range.end as f64)
        .ok()?;
    let bytes = blob_bytes(&slice).await?;
    (bytes.len() as u64 == range.end - range.start).then_some(bytes)
}

/// A file written piece by piece, the pieces kept outside wasm memory: as the
/// parts of a `Blob` (to download), or written to a file the browser opened for
/// writing (a `FileSystemWritableFileStream`, in a folder the user chose).
pub struct FileSink(SinkTarget);

enum SinkTarget {
    Blob(js_sys::Array),
    Stream(JsValue),
}

impl FileSink {
    /// Pieces gathered into a Blob, handed over by [`FileSink::close`].
    pub fn blob() -> FileSink {
        FileSink(SinkTarget::Blob(js_sys::Array::new()))
    }

    /// Pieces written to a `FileSystemWritableFileStream`. The browser writes to
    /// a temporary file and replaces the target only on close.
    pub fn stream(writable: JsValue) -> FileSink {
        FileSink(SinkTarget::Stream(writable))
    }

    /// Appends a piece (copied out of wasm memory at once).
    pub async fn write(&mut self, piece: &[u8]) -> Result<(), JsValue> {
        let bytes = js_sys::Uint8Array::from(piece);
        match &self.0 {
            SinkTarget::Blob(parts) => {
                parts.push(&bytes);
                Ok(())
            }
            SinkTarget::Stream(writable) => call_method(writable, "write", &[bytes.into()])
                .await
                .map(drop),
        }
    }

    /// Finishes the file: the Blob of every piece (of type `mime`), or `None`
    /// once a stream is closed (its file then replaced).
    pub async fn close(self, mime: &str) -> Result<Option<web_sys::Blob>, JsValue> {
        match self.0 {
            SinkTarget::Blob(parts) => {
                let options = web_sys::BlobPropertyBag::new();
                options.set_type(mime);
                web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map(Some)
            }
            SinkTarget::Stream(writable) => {
                call_method(&writable, "close", &[]).await.map(|_| None)
            }
        }
    }

    /// Gives up: a stream's file is left as it was before.
    pub async fn abort(self) {
        if let SinkTarget::Stream(writable) = self.0 {
            let _ = call_method(&writable, "abort", &[]).await;
        }
    }
}

/// Calls `target.method(...args)` and awaits the promise it returns (browser
/// APIs web-sys does not bind: the File System Access API, Web Locks).
pub async fn call_method(
    target: &JsValue,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let function: js_sys::Function =
        js_sys::Reflect::get(target, &JsValue::from_str(method))?.dyn_into()?;
    let args: js_sys::Array = args.iter().collect();
    let promise: js_sys::Promise = function.apply(target, &args)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// A Web Lock (`navigator.locks`) this tab holds until it is dropped, or the
/// tab closes: how another tab tells a job still running from one cut short.
pub struct HeldLock {
    release: Option<js_sys::Function>,
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// `navigator.locks`, where the browser has it.
fn lock_manager() -> Option<JsValue> {
    js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(JsValue::is_object)
}

/// Takes the lock `name` if no tab holds it: `None` when one does. Where the
/// browser has no Web Locks, a lock that guards nothing.
pub async fn hold_lock(name: &str) -> Option<HeldLock> {
    let Some(locks) = lock_manager() else {
        return Some(HeldLock { release: None });
    };
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut answer = None;
    let answered = js_sys::Promise::new(&mut |resolve, _| answer = Some(resolve));
    let answer = answer.expect("the promise calls back at once");
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = answer.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        if lock.is_null() {
            JsValue::UNDEFINED
        } else {
            held.into()
        }
    });
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).ok()?;
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    request
        .call3(&locks, &JsValue::from_str(name), &options, &callback)
        .ok()?;
    let granted = JsFuture::from(answered).await.ok()?.as_bool() == Some(true);
    granted.then_some(HeldLock { release })
}

/// Whether any tab of this browser holds the lock `name` (`false` where the
/// browser has no Web Locks).
pub async fn lock_is_held(name: &str) -> bool {
    let Some(locks) = lock_manager() else {
        return false;
    };
    let Ok(state) = call_method(&locks, "query", &[]).await else {
        return false;
    };
    let held = js_sys::Reflect::get(&state, &"held".into()).unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::from(&held).iter().any(|lock| {
        js_sys::Reflect::get(&lock, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some(name)
    })
}

// ---- what this browser lacks ----
//
// Kura uses some APIs not every browser has. None of them is needed to keep
// the books: each has a fallback, and the Data page names the ones missing
// here with what the user gets instead (never a button that cannot work).

/// Whether `object` has the property `name` (and it is not `undefined`).
fn has(object: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined())
}

/// An optional browser API this browser lacks, and so a feature Kura reduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduced {
    /// No `navigator.storage`: whether the data is kept cannot be asked or
    /// told; the backup reminder assumes the worst.
    StorageManager,
    /// No `showDirectoryPicker` (File System Access API): no backup folder;
    /// backups download instead.
    BackupFolder,
    /// No Web Locks: tabs do not take turns; a save built on a book another
    /// tab has changed is still refused (`storage/revision.rs`).
    WebLocks,
    /// No `BroadcastChannel`: other tabs of the book do not update on their
    /// own; a reload does.
    TabChannel,
    /// No service workers: Kura does not open without a network.
    Offline,
}

impl Reduced {
    /// The name tests and the page's markup use.
    pub fn key(self) -> &'static str {
        match self {
            Reduced::StorageManager => "storage",
            Reduced::BackupFolder => "backup-folder",
            Reduced::WebLocks => "locks",
            Reduced::TabChannel => "tabs",
            Reduced::Offline => "offline",
        }
    }
}

impl Reduced {
    const ALL: [Reduced; 5] = [
        Reduced::StorageManager,
        Reduced::BackupFolder,
        Reduced::WebLocks,
        Reduced::TabChannel,
        Reduced::Offline,
    ];

    /// Whether this browser lacks the API, so the feature is reduced here.
    pub fn here(self) -> bool {
        let (window, navigator): (JsValue, JsValue) =
            (self::window().into(), self::window().navigator().into());
        !match self {
            Reduced::StorageManager => has(&navigator, "storage"),
            Reduced::BackupFolder => has(&window, "showDirectoryPicker"),
            Reduced::WebLocks => has(&navigator, "locks"),
            Reduced::TabChannel => has(&window, "BroadcastChannel"),
            Reduced::Offline => has(&navigator, "serviceWorker"),
        }
    }
}

/// The optional APIs this browser lacks, in [`Reduced`]'s order.
pub fn reduced_features() -> Vec<Reduced> {
    Reduced::ALL.into_iter().filter(|f| f.here()).collect()
}

/// Whether this browser may delete Kura's data after seven days without a
/// visit: Safari and every other WebKit browser (all browsers on iOS and
/// iPadOS are WebKit), unless Kura was added to the Home Screen or the Dock
/// (it then runs as an app, in a window of its own). WebKit's "Intelligent
/// Tracking Prevention" rule, documented by WebKit at
/// <https://webkit.org/blog/10218/full-third-party-cookie-blocking-and-more/>
/// ("7-Day Cap on All Script-Writeable Storage": IndexedDB, LocalStorage and
/// service worker registrations go "after seven days of Safari use without
/// user interaction on the site"; web apps added to the home screen "have
/// their own counter of days of use").
pub fn evicts_unvisited_sites() -> bool {
    is_webkit(&window().navigator().user_agent().unwrap_or_default()) && !runs_installed()
}

/// WebKit by its user agent: `AppleWebKit` without Chromium's `Chrome/`
/// (Chromium browsers keep `AppleWebKit` in theirs), and every iOS browser
/// (`CriOS`, `FxiOS`, `EdgiOS` are WebKit underneath).
pub fn is_webkit(user_agent: &str) -> bool {
    let ios_shell = ["CriOS/", "FxiOS/", "EdgiOS/"]
        .iter()
        .any(|s| user_agent.contains(s));
    let chromium = ["Chrome/", "Chromium/"]
        .iter()
        .any(|s| user_agent.contains(s));
    ios_shell || (user_agent.contains("AppleWebKit/") && !chromium)
}

/// Whether Kura runs as an installed app (Home Screen, Dock, an installed PWA).
fn runs_installed() -> bool {
    let standalone = window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    let navigator: JsValue = window().navigator().into();
    standalone
        || js_sys::Reflect::get(&navigator, &JsValue::from_str("standalone"))
            .is_ok_and(|v| v.as_bool() == Some(true))
}

/// A stamp's wall time in the device's time zone.
pub fn local_time(wall_ms: u64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(wall_ms as i64)
        .map(|at| at.with_timezone(&chrono::Local).naive_local())
        .unwrap_or_default()
}

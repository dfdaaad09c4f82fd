//! The browser facilities the app needs, behind small functions: the clock,
//! random ids, the device id, the UI language preference, storage quota and
//! persistence, messages between tabs, the service worker, and the crash screen.
//!
//! The core never calls any of this; the app reads the clock and draws random
//! bits here and passes them to the core.

use kura_core::book::WriteCtx;
use kura_core::files::backup::KeyParams;
use kura_core::ids::{DeviceId, RecordId};
use kura_core::locale::Locale;
use kura_core::sync::{ChangeSet, HlcClock};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const DEVICE_KEY: &str = "kura.device";
const LOCALE_KEY: &str = "kura.locale";

fn window() -> web_sys::Window {
    web_sys::window().expect("Kura runs in a browser window")
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

/// Remembers the UI language and sets the page's `lang` for screen readers and fonts.
pub fn apply_locale(locale: Locale) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LOCALE_KEY, locale.tag());
    }
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// How much the browser lets Kura store, as (used, quota) bytes.
pub async fn storage_estimate() -> Option<(u64, u64)> {
    let promise = window().navigator().storage().estimate().ok()?;
    let estimate: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage()? as u64, estimate.get_quota()? as u64))
}

/// Whether the browser has granted persistent storage.
pub async fn is_storage_persisted() -> bool {
    resolves_true(window().navigator().storage().persisted()).await
}

/// Asks the browser to keep Kura's data even when the disk runs low.
pub async fn request_persistent_storage() -> bool {
    resolves_true(window().navigator().storage().persist()).await
}

/// Whether a browser promise resolved to `true`; a failure counts as no.
async fn resolves_true(promise: Result<js_sys::Promise, JsValue>) -> bool {
    let Ok(promise) = promise else { return false };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Registers the service worker that keeps the app available offline. A failure
/// only means no offline support, so it is logged, not shown.
pub fn register_service_worker() {
    let container = window().navigator().service_worker();
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = JsFuture::from(promise).await {
            web_sys::console::warn_2(&"Kura: offline support unavailable".into(), &error);
        }
    });
}

/// A channel between the tabs of this browser that have the same book open.
/// Every committed change set is posted to it, so the other tabs fold it in
/// without reloading.
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Listens on the book's channel; `on_change_set` gets every set another tab commits.
    pub fn open(
        book_id: RecordId,
        mut on_change_set: impl FnMut(ChangeSet) + 'static,
    ) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(&format!("kura-book-{book_id}")).ok()?;
        let listener = Closure::<dyn FnMut(_)>::new(move |event: web_sys::MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<ChangeSet>(&text) {
                Ok(set) => on_change_set(set),
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

    /// Tells the other tabs about a committed change set.
    pub fn post(&self, set: &ChangeSet) {
        if let Ok(text) = serde_json::to_string(set) {
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

/// Replaces a frozen page by a readable message when the wasm panics.
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_screen(&info.to_string());
    }));
}

fn show_crash_screen(detail: &str) {
    let Some(document) = window().document() else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    let messages = crate::i18n::messages(preferred_locale());
    panel.set_class_name("kura-crash");
    panel.set_attribute("role", "alert").ok();
    let heading = document.create_element("h1").ok();
    let text = document.create_element("pre").ok();
    let reload = document.create_element("a").ok();
    if let (Some(heading), Some(text), Some(reload)) = (heading, text, reload) {
        heading.set_text_content(Some(messages.error_title));
        text.set_text_content(Some(detail));
        reload.set_text_content(Some(messages.error_reload));
        reload.set_attribute("href", "/").ok();
        reload.set_class_name("kura-button kura-button--primary");
        panel.append_with_node_3(&heading, &text, &reload).ok();
    }
    body.set_inner_html("");
    body.append_child(&panel).ok();
}

/// The bytes of a file the user chose (or of any Blob); `None` when the
/// browser cannot read it (the file was moved or deleted since it was chosen).
pub async fn blob_bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
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

fn lock_manager() -> Option<JsValue> {
    js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(|locks| !locks.is_undefined())
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

//! What printed papers share: the bar above the paper, the language class, the key-value block, and stored images (the logo, the seal) shown from their bytes.

use crate::app::use_open_book;
use crate::i18n::use_i18n;
use kura_core::ids::RecordId;
use kura_core::locale::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::Url;

/// An object URL for bytes of a media type (the preview of a picked image).
pub fn bytes_url(bytes: &[u8], mime: &str) -> Option<String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// A stored image (the logo or the seal), read from the book's attachments once
/// and shown through an object URL that is released with the element.
#[component]
pub fn StoredImage(id: RecordId, class: &'static str, #[prop(into)] alt: String) -> impl IntoView {
    let open = use_open_book();
    let url = RwSignal::new(None::<String>);
    spawn_local(async move {
        let loaded = match open.read_attachment(id).await {
            Ok(Some(blob)) => Url::create_object_url_with_blob(&blob).ok(),
            Ok(None) => None,
            Err(error) => {
                let warning = format!("Kura: reading an image failed: {error}");
                web_sys::console::warn_1(&warning.into());
                None
            }
        };
        // The element may have gone while the bytes were read.
        if let Some(Some(url)) = url.try_set(loaded) {
            let _ = Url::revoke_object_url(&url);
        }
    });
    on_cleanup(move || {
        if let Some(url) = url.try_get_untracked().flatten() {
            let _ = Url::revoke_object_url(&url);
        }
    });
    view! { <img class=class src=move || url.get() alt=alt hidden=move || url.with(Option::is_none) /> }
}

/// Back, and print (the browser's dialog: a printer or "save as PDF").
#[component]
pub fn PrintBar(back: Signal<String>, back_label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            window.print().ok();
        }
    };
    view! {
        <div class="kura-print__bar kura-no-print">
            <a href=move || back.get() data-testid="print-back">{move || back_label.get()}</a>
            <p class="kura-muted kura-print__hint">{move || i18n.t().prn_hint}</p>
            <button type="button" class="kura-button kura-button--primary" data-testid="print" on:click=print>
                {move || i18n.t().prn_print}
            </button>
        </div>
    }
}

pub fn lang_class(locale: Locale) -> &'static str {
    match locale {
        Locale::Ja => "kura-paper kura-paper--ja",
        Locale::En => "kura-paper kura-paper--en",
    }
}

/// The label and value rows beside the title: number, date, due date.
pub fn meta(rows: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="kura-paper__meta">
            {rows
                .into_iter()
                .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                .collect_view()}
        </dl>
    }
}

//! The notice a book shows when opening it set parts of its change log aside
//! (`kura_core::store::SetAside`): what could not be read, where it is, why,
//! and what to do. The rest of the book is open and can be used as usual; the
//! parts are left where they are (see `kura_core::store`'s `log` module for why
//! writing goes on).

use std::sync::Arc;

use kura_core::store::{SetAside, StoredPart};
use leptos::prelude::*;

use crate::app::use_open_book;
use crate::i18n::{chunk_error, use_i18n};
use crate::routes::BookScreen;

/// The parts the open book set aside, provided to its screens by the book page.
#[derive(Clone, Default)]
pub struct SetAsideParts(pub Arc<[SetAside]>);

/// Names every part set aside, with a link to the backup; nothing when there
/// is none (or no book is open).
#[component]
pub fn SetAsideNotice() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let parts = use_context::<SetAsideParts>().unwrap_or_default().0;
    if parts.is_empty() {
        return None;
    }
    let data = BookScreen::Data.path(use_open_book().id);
    let count = parts.len();
    let items = move || {
        let locale = i18n.locale();
        parts
            .iter()
            .map(|part| {
                let reason = chunk_error(&part.reason, locale);
                let text = match part.part {
                    StoredPart::Row => (t().set_aside_row)(&part.key, &reason),
                    StoredPart::Chunk => (t().set_aside_chunk)(&part.key, part.sets_read, &reason),
                };
                view! { <li class="kura-code">{text}</li> }
            })
            .collect_view()
    };
    Some(view! {
        <section class="kura-set-aside kura-no-print" role="alert" data-testid="set-aside-notice">
            <h2>{move || t().set_aside_heading}</h2>
            <p>{move || (t().set_aside_intro)(count)}</p>
            <p>{move || t().set_aside_advice}</p>
            <a class="kura-button" href=data>{move || t().backup_now}</a>
            <ul data-testid="set-aside-parts">{items}</ul>
        </section>
    })
}

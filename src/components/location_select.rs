//! Where stock is: the book's live locations and the picker of one (none when the book keeps everything in one place).

use crate::app::use_open_book;
use crate::i18n::use_i18n;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::Location;
use leptos::prelude::*;

/// The locations stock can be put in, by name (archived ones left out).
pub fn live_locations(book: &Book) -> Vec<Location> {
    let mut live: Vec<Location> = book.locations().filter(|l| !l.archived).cloned().collect();
    live.sort_by(|a, b| a.name.cmp(&b.name));
    live
}

/// A select of the book's locations (the implicit one first), bound to `value`.
#[component]
pub fn LocationSelect(
    #[prop(into)] id: String,
    value: RwSignal<Option<RecordId>>,
    #[prop(into)] test_id: String,
    #[prop(optional, into)] aria_label: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let options = move || {
        let chosen = value.get();
        let t = i18n.t();
        open.book.with(|book| {
            let main = view! {
                <option value="" selected=chosen.is_none()>{t.inv_main_location}</option>
            };
            let others = live_locations(book)
                .into_iter()
                .map(|l| {
                    let selected = chosen == Some(l.id);
                    view! { <option value=l.id.to_string() selected=selected>{l.name}</option> }
                })
                .collect_view();
            view! { {main}{others} }
        })
    };
    view! {
        <select id=id data-testid=test_id aria-label=move || aria_label.get()
            on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
            {options}
        </select>
    }
}

/// Whether the book has locations of its own (else everything is in one place).
pub fn has_locations(book: &Book) -> bool {
    book.locations().any(|l| !l.archived)
}

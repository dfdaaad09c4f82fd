//! `/books/<id>/inventory/settings`: how the book values and posts its stock
//! (a change is a new policy from a date, so the list shows every method that
//! was in force and since when), whether stock may go negative, and the
//! locations stock is kept in.
//!
//! Each choice is explained in a sentence, since the defaults (最終仕入原価法,
//! 三分法) are what a sole proprietor who filed nothing must use.

use kura_core::ids::RecordId;
use kura_core::inventory::{
    save_inventory_settings, save_location, InventoryError, InventoryPolicy, ItemError, Location,
    LocationInput, StockPosting, ValuationMethod,
};
use kura_core::locale::format_date;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    use_toasts, DateInput, Dialog, DialogActions, FormField, InventoryTab, InventoryTabs,
};
use crate::i18n::{inventory_error, item_error, store_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{from_plain, plain};

const METHODS: [ValuationMethod; 3] = [
    ValuationMethod::LastPurchaseCost,
    ValuationMethod::MovingAverage,
    ValuationMethod::Fifo,
];

const POSTINGS: [StockPosting; 2] = [StockPosting::Periodic, StockPosting::Perpetual];

/// A refusal in the user's language: the core's reason, or the store's.
fn write_error_text<E>(
    error: &WriteError<E>,
    sentence: impl Fn(&E) -> String,
    i18n: crate::i18n::I18n,
) -> String {
    match error {
        WriteError::Invalid(e) => sentence(e),
        WriteError::Store(e) => store_error(e, i18n.locale()),
    }
}

#[component]
pub fn InventorySettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="kura-page kura-inventory-settings" data-testid="inventory-settings-page">
            <InventoryTabs current=InventoryTab::Settings />
            <h1>{move || i18n.t().ist_title}</h1>
            <PolicyCard />
            <NegativeStockCard />
            <LocationsCard />
        </div>
    }
}

// ---- valuation method and posting --------------------------------------------

/// The policies in force, and the form that adds one from a date.
#[component]
fn PolicyCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let current = open
        .book
        .with_untracked(|b| b.inventory_settings().policy_at(today()));
    let method = RwSignal::new(plain(&current.method));
    let posting = RwSignal::new(plain(&current.posting));
    let from = RwSignal::new(Some(today()));
    let date_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<WriteError<InventoryError>>);
    let error_text = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| write_error_text(e, |e| inventory_error(e, i18n.locale()), i18n))
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(from) = from.get_untracked() else {
            date_error.set(Some(i18n.t().date_invalid.to_string()));
            return;
        };
        let (Some(method), Some(posting)) = (
            from_plain::<ValuationMethod>(&method.get_untracked()),
            from_plain::<StockPosting>(&posting.get_untracked()),
        ) else {
            return;
        };
        let change = InventoryPolicy {
            from,
            method,
            posting,
        };
        spawn_local(async move {
            let result = open
                .write(|book, ctx| {
                    let allow = book.inventory_settings().allow_negative;
                    save_inventory_settings(book, allow, Some(change), ctx)
                })
                .await;
            match result {
                Ok(()) => {
                    error.set(None);
                    toasts.success(i18n.t().ist_policy_saved.to_string());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="kura-card" aria-labelledby="inv-policy">
            <h2 id="inv-policy">{move || t().ist_policy_heading}</h2>
            <p class="kura-muted">{move || t().ist_policy_intro}</p>
            <PolicyHistory />
            <form class="kura-form kura-inventory-settings__form" on:submit=submit novalidate>
                <ChoiceField id="inv-method" label=|t| t.ist_method value=method choices=METHODS.to_vec()
                    name=|t, m| (t.inv_method_name)(m) explain=|t, m| (t.ist_method_explain)(m) />
                <ChoiceField id="inv-posting" label=|t| t.ist_posting value=posting choices=POSTINGS.to_vec()
                    name=|t, p| (t.inv_posting_name)(p) explain=|t, p| (t.ist_posting_explain)(p) />
                <FormField label=Signal::derive(move || t().ist_from.to_string()) id="inv-from"
                    error=Signal::derive(move || date_error.get().or_else(|| error_text.get()))>
                    <DateInput id="inv-from" value=from error=date_error />
                </FormField>
                <div class="kura-form__actions">
                    <button type="submit" class="kura-button kura-button--primary" data-testid="save-policy">
                        {move || t().ist_change}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// A select of `choices` (stored by their plain names) with the sentence that
/// explains the one chosen.
#[component]
fn ChoiceField<T>(
    id: &'static str,
    label: fn(&Messages) -> &'static str,
    value: RwSignal<String>,
    choices: Vec<T>,
    name: fn(&Messages, T) -> &'static str,
    explain: fn(&Messages, T) -> &'static str,
) -> impl IntoView
where
    T: Copy + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let t = move || i18n.t();
    let options = choices
        .into_iter()
        .map(|c| {
            let v = plain(&c);
            let is = v.clone();
            view! { <option value=v selected=move || value.get() == is>{move || name(t(), c)}</option> }
        })
        .collect_view();
    let hint =
        Signal::derive(move || from_plain::<T>(&value.get()).map(|c| explain(t(), c).to_string()));
    view! {
        <FormField label=Signal::derive(move || label(t()).to_string()) id hint>
            <select id=id data-testid=id aria-describedby=crate::components::described_by(id)
                on:change=move |ev| value.set(event_target_value(&ev))>
                {options}
            </select>
        </FormField>
    }
}

/// Every policy with its date; the one in force today marked. A book that
/// never chose shows the defaults.
#[component]
fn PolicyHistory() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let policies = Memo::new(move |_| open.book.with(|b| b.inventory_settings().policies.clone()));
    let rows = move || {
        let t = i18n.t();
        let list = policies.get();
        let day = today();
        let in_force = list.iter().rposition(|p| p.from <= day).unwrap_or(0);
        list.into_iter()
            .enumerate()
            .map(|(n, p)| policy_row(p, n == in_force, t, i18n.locale()))
            .collect_view()
    };
    view! {
        <h3>{move || t().ist_history}</h3>
        <Show
            when=move || !policies.with(Vec::is_empty)
            fallback=move || view! { <p data-testid="policy-default">{move || t().ist_default_policy}</p> }
        >
            <div class="kura-table-wrap">
                <table class="kura-table" data-testid="policy-history">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().ist_from}</th>
                            <th scope="col">{move || t().ist_method}</th>
                            <th scope="col">{move || t().ist_posting}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
    }
}

fn policy_row(
    p: InventoryPolicy,
    in_force: bool,
    t: &'static Messages,
    locale: kura_core::locale::Locale,
) -> impl IntoView {
    view! {
        <tr data-testid="policy-row">
            <td>{format_date(p.from, locale)}
                {in_force.then(|| view! { " "<span class="kura-badge kura-badge--posted">{t.ist_in_force}</span> })}
            </td>
            <td>{(t.inv_method_name)(p.method)}</td>
            <td>{(t.inv_posting_name)(p.posting)}</td>
        </tr>
    }
}

// ---- negative stock ----------------------------------------------------------

/// Allow negative stock: saved as soon as the box changes.
#[component]
fn NegativeStockCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let allowed = Memo::new(move |_| open.book.with(|b| b.inventory_settings().allow_negative));
    let error = RwSignal::new(None::<WriteError<InventoryError>>);
    let change = move |ev: leptos::ev::Event| {
        let allow = event_target_checked(&ev);
        spawn_local(async move {
            match open
                .write(|book, ctx| save_inventory_settings(book, allow, None, ctx))
                .await
            {
                Ok(()) => {
                    error.set(None);
                    toasts.success(i18n.t().ist_negative_saved.to_string());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="kura-card" aria-labelledby="inv-negative">
            <h2 id="inv-negative">{move || t().ist_negative_heading}</h2>
            <label class="kura-check">
                <input type="checkbox" data-testid="allow-negative"
                    prop:checked=move || allowed.get() on:change=change />
                {move || t().ist_allow_negative}
            </label>
            <p class="kura-muted">{move || t().ist_negative_explain}</p>
            <p class="kura-error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.with(|e| e.as_ref().map(|e| write_error_text(e, |e| inventory_error(e, i18n.locale()), i18n)))}
            </p>
        </section>
    }
}

// ---- locations ---------------------------------------------------------------

/// Writes locations: contexts read once, while the component is built (a task
/// spawned later has no owner to read them from).
#[derive(Clone, Copy)]
struct LocationWriter {
    open: crate::app::OpenBook,
    toasts: crate::components::Toasts,
    i18n: crate::i18n::I18n,
}

impl LocationWriter {
    fn new() -> Self {
        LocationWriter {
            open: use_open_book(),
            toasts: use_toasts(),
            i18n: use_i18n(),
        }
    }

    /// Saves the location; its refusal (if any) goes to `error`. True once committed.
    async fn save(
        self,
        id: RecordId,
        input: LocationInput,
        error: RwSignal<Option<WriteError<ItemError>>>,
    ) -> bool {
        let result = self
            .open
            .write(|book, ctx| save_location(book, id, input, ctx))
            .await;
        match result {
            Ok(()) => {
                error.set(None);
                self.toasts
                    .success(self.i18n.t().ist_location_saved.to_string());
                true
            }
            Err(e) => {
                error.set(Some(e));
                false
            }
        }
    }
}

#[component]
fn LocationsCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<WriteError<ItemError>>);
    let renaming = RwSignal::new(None::<Location>);
    let writer = LocationWriter::new();
    let locations = Memo::new(move |_| {
        open.book.with(|b| {
            let mut list: Vec<Location> = b.locations().cloned().collect();
            list.sort_by(|a, b| (a.archived, &a.name).cmp(&(b.archived, &b.name)));
            list
        })
    });
    let error_text = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| write_error_text(e, |e| item_error(e, i18n.locale()), i18n))
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = LocationInput {
            name: name.get_untracked(),
            archived: false,
        };
        spawn_local(async move {
            if writer.save(platform::new_id(), input, error).await {
                name.set(String::new());
            }
        });
    };
    view! {
        <section class="kura-card" aria-labelledby="inv-locations">
            <h2 id="inv-locations">{move || t().ist_locations_heading}</h2>
            <p class="kura-muted">{move || t().ist_locations_intro}</p>
            <Show
                when=move || !locations.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted" data-testid="no-locations">{move || t().ist_no_locations}</p> }
            >
                <ul class="kura-inventory-settings__locations" data-testid="locations">
                    <For each=move || locations.get() key=|l| (l.id, l.name.clone(), l.archived) let:location>
                        <LocationRow location renaming />
                    </For>
                </ul>
            </Show>
            <form class="kura-search kura-inventory-settings__add" on:submit=add novalidate>
                <FormField label=Signal::derive(move || t().ist_location_name.to_string()) id="location-name" error=error_text>
                    <input id="location-name" type="text" autocomplete="off" data-testid="location-name"
                        aria-describedby=crate::components::described_by("location-name")
                        bind:value=name />
                </FormField>
                <button type="submit" class="kura-button" data-testid="add-location">{move || t().ist_add_location}</button>
            </form>
            <RenameDialog renaming />
        </section>
    }
}

#[component]
fn LocationRow(location: Location, renaming: RwSignal<Option<Location>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<WriteError<ItemError>>);
    let archived = location.archived;
    let writer = LocationWriter::new();
    let for_rename = location.clone();
    let toggle = move |_| {
        let input = LocationInput {
            name: location.name.clone(),
            archived: !archived,
        };
        let id = location.id;
        spawn_local(async move {
            writer.save(id, input, error).await;
        });
    };
    view! {
        <li class="kura-inventory-settings__location" data-testid="location-row">
            <span class="kura-inventory-settings__location-name" data-testid="location-label">{for_rename.name.clone()}</span>
            {archived.then(|| view! { <span class="kura-badge kura-badge--muted">{move || t().archived}</span> })}
            <span class="kura-row-actions">
                <button type="button" class="kura-button" data-testid="rename-location"
                    on:click=move |_| renaming.set(Some(for_rename.clone()))>{move || t().rename}</button>
                <button type="button" class="kura-button" data-testid="archive-location" on:click=toggle>
                    {move || if archived { t().ist_restore } else { t().ist_archive }}
                </button>
            </span>
            <span class="kura-field__error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.with(|e| e.as_ref().map(|e| write_error_text(e, |e| item_error(e, i18n.locale()), i18n)))}
            </span>
        </li>
    }
}

#[component]
fn RenameDialog(renaming: RwSignal<Option<Location>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<WriteError<ItemError>>);
    let writer = LocationWriter::new();
    Effect::new(move || {
        if let Some(l) = renaming.get() {
            name.set(l.name);
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            renaming.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(location) = renaming.get_untracked() else {
            return;
        };
        let input = LocationInput {
            name: name.get_untracked(),
            archived: location.archived,
        };
        spawn_local(async move {
            if writer.save(location.id, input, error).await {
                open.set(false);
            }
        });
    };
    let error_text = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| write_error_text(e, |e| item_error(e, i18n.locale()), i18n))
        })
    });
    view! {
        <Dialog open title=Signal::derive(move || t().ist_rename_title.to_string()) test_id="rename-location-dialog">
            <form class="kura-form" on:submit=submit novalidate>
                <FormField label=Signal::derive(move || t().ist_location_name.to_string()) id="location-rename" error=error_text>
                    <input id="location-rename" type="text" autocomplete="off" data-testid="location-rename"
                        aria-describedby=crate::components::described_by("location-rename")
                        bind:value=name />
                </FormField>
                <DialogActions open label=Signal::derive(move || t().save) test_id="save-location-name" />
            </form>
        </Dialog>
    }
}

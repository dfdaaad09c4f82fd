//! `/books/<id>/accounts`: the chart of accounts (勘定科目). Add, edit, archive and
//! delete accounts; the core decides what is allowed (a code is unique, an account
//! with postings is archived, never deleted) and its refusal is shown in the
//! user's language.

use kura_core::book::{delete_account, save_account};
use kura_core::ids::RecordId;
use kura_core::ledger::{Account, AccountRole, AccountType, BusinessClass, PurchaseUse};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    tax_from, tax_value, use_toasts, BusinessClassSelect, Column, DataTable, Dialog, DialogActions,
    FormField, TaxSelect,
};
use crate::i18n::{journal_error, purchase_use_name, store_error, use_i18n};
use crate::platform;
use crate::routes;

/// The roles a user may give an account, in the order the select lists them.
const ROLES: [AccountRole; 18] = [
    AccountRole::Cash,
    AccountRole::Bank,
    AccountRole::Receivable,
    AccountRole::Payable,
    AccountRole::InputTax,
    AccountRole::OutputTax,
    AccountRole::OwnerDrawings,
    AccountRole::OwnerContributions,
    AccountRole::Capital,
    AccountRole::RetainedEarnings,
    AccountRole::Sales,
    AccountRole::Purchases,
    AccountRole::BankFees,
    AccountRole::PrepaidTax,
    AccountRole::Inventory,
    AccountRole::OpeningInventory,
    AccountRole::ClosingInventory,
    AccountRole::CostOfGoodsSold,
];

/// A role as a select value (`"cash"`), and back.
pub(super) fn role_value(role: AccountRole) -> String {
    routes::plain(&role)
}

fn role_from(value: &str) -> Option<AccountRole> {
    ROLES.into_iter().find(|r| role_value(*r) == value)
}

fn purchase_use_value(purchase_use: PurchaseUse) -> String {
    routes::plain(&purchase_use)
}

fn purchase_use_from(value: &str) -> Option<PurchaseUse> {
    PurchaseUse::ALL
        .into_iter()
        .find(|u| purchase_use_value(*u) == value)
}

fn kind_value(kind: AccountType) -> String {
    routes::plain(&kind)
}

fn kind_from(value: &str) -> Option<AccountType> {
    AccountType::ALL
        .into_iter()
        .find(|k| kind_value(*k) == value)
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    // The account being edited; `Some(None)` adds a new one.
    let editing = RwSignal::new(None::<Option<Account>>);
    let rows = Signal::derive(move || {
        open.book
            .with(|b| b.accounts().into_iter().cloned().collect::<Vec<_>>())
    });
    view! {
        <div class="kura-page kura-page--wide">
            <div class="kura-page__head">
                <h1>{move || i18n.t().accounts_title}</h1>
                <button
                    type="button"
                    class="kura-button kura-button--primary"
                    data-testid="add-account"
                    on:click=move |_| editing.set(Some(None))
                >
                    {move || i18n.t().add_account}
                </button>
            </div>
            <p class="kura-muted">{move || i18n.t().accounts_intro}</p>
            <AccountTable rows editing open />
            <AccountDialog editing />
        </div>
    }
}

#[component]
fn AccountTable(
    rows: Signal<Vec<Account>>,
    editing: RwSignal<Option<Option<Account>>>,
    open: OpenBook,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let set_archived = move |account: Account, archived: bool| {
        spawn_local(async move {
            let changed = Account {
                archived,
                ..account
            };
            report(
                open.write(|book, ctx| save_account(book, changed, ctx))
                    .await,
                i18n.t().account_saved,
                toasts,
            );
        });
    };
    let remove = move |id: RecordId| {
        spawn_local(async move {
            report(
                open.write(|book, ctx| delete_account(book, id, ctx)).await,
                i18n.t().account_deleted,
                toasts,
            );
        });
    };
    let columns = vec![
        Column::text(
            move || i18n.t().account_code.to_string(),
            |a: &Account| {
                let class = if a.parent.is_some() {
                    "kura-code kura-account-code--sub"
                } else {
                    "kura-code"
                };
                view! { <span class=class>{a.code.clone()}</span> }
            },
        )
        .sortable_by(|a: &Account, b: &Account| a.code.cmp(&b.code)),
        Column::text(
            move || i18n.t().account_name.to_string(),
            move |a: &Account| {
                let a = a.clone();
                let archived = a.archived;
                view! {
                    <span data-testid="account-name">{move || a.name(i18n.locale()).to_string()}</span>
                    <Show when=move || archived>
                        " "
                        <span class="kura-badge kura-badge--muted" data-testid="archived-badge">
                            {move || i18n.t().archived}
                        </span>
                    </Show>
                }
            },
        )
        .sortable_by(|a: &Account, b: &Account| a.name_ja.cmp(&b.name_ja)),
        Column::text(
            move || i18n.t().account_type.to_string(),
            move |a: &Account| {
                let kind = a.kind;
                move || (i18n.t().account_type_name)(kind)
            },
        )
        .sortable_by_key(|a: &Account| a.kind),
        Column::text(
            move || i18n.t().account_default_tax.to_string(),
            move |a: &Account| {
                let tax = a.default_tax;
                move || tax.map(|t| (i18n.t().tax_code_name)(t)).unwrap_or("")
            },
        ),
        Column::text(
            move || i18n.t().actions_column.to_string(),
            move |a: &Account| {
                let (for_edit, for_archive, id) = (a.clone(), a.clone(), a.id);
                let archived = a.archived;
                view! {
                    <div class="kura-row-actions">
                        <button type="button" class="kura-button" data-testid="edit-account"
                            on:click=move |_| editing.set(Some(Some(for_edit.clone())))>
                            {move || i18n.t().edit}
                        </button>
                        <button type="button" class="kura-button" data-testid="archive-account"
                            on:click=move |_| set_archived(for_archive.clone(), !archived)>
                            {move || if archived { i18n.t().unarchive } else { i18n.t().archive }}
                        </button>
                        <button type="button" class="kura-button kura-button--danger" data-testid="delete-account"
                            on:click=move |_| remove(id)>
                            {move || i18n.t().delete}
                        </button>
                    </div>
                }
            },
        ),
    ];
    view! {
        <DataTable
            rows
            columns
            row_key=|a: &Account| a.id.to_string()
            row_test_id="account-row"
            label=Signal::derive(move || i18n.t().accounts_title.to_string())
        />
    }
}

/// Shows the outcome of a chart write as a toast.
fn report(
    result: Result<(), WriteError<kura_core::book::JournalError>>,
    success: &'static str,
    toasts: crate::components::Toasts,
) {
    let locale = use_i18n_untracked();
    match result {
        Ok(()) => toasts.success(success.to_string()),
        Err(WriteError::Invalid(e)) => toasts.error(journal_error(&e, locale)),
        Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
    }
}

fn use_i18n_untracked() -> kura_core::locale::Locale {
    use_context::<crate::i18n::I18n>()
        .map(|i| i.locale.get_untracked())
        .unwrap_or_default()
}

/// Adds or edits one account.
#[component]
fn AccountDialog(editing: RwSignal<Option<Option<Account>>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open_book = use_open_book();
    let open = RwSignal::new(false);
    let id = RwSignal::new(None::<RecordId>);
    let code = RwSignal::new(String::new());
    let name_ja = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let reading = RwSignal::new(String::new());
    let kind = RwSignal::new(kind_value(AccountType::Expense));
    let parent = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let tax = RwSignal::new(String::new());
    let class = RwSignal::new(None::<BusinessClass>);
    let purchase_use = RwSignal::new(String::new());
    // The account as it was, so fields this form does not show are kept.
    let editing_base = StoredValue::new(None::<Account>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(target) = editing.get() {
            let a = target.clone();
            editing_base.set_value(a.clone());
            id.set(a.as_ref().map(|a| a.id));
            code.set(a.as_ref().map(|a| a.code.clone()).unwrap_or_default());
            name_ja.set(a.as_ref().map(|a| a.name_ja.clone()).unwrap_or_default());
            name_en.set(a.as_ref().map(|a| a.name_en.clone()).unwrap_or_default());
            reading.set(a.as_ref().map(|a| a.reading.clone()).unwrap_or_default());
            kind.set(kind_value(
                a.as_ref().map_or(AccountType::Expense, |a| a.kind),
            ));
            parent.set(
                a.as_ref()
                    .and_then(|a| a.parent)
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            );
            role.set(
                a.as_ref()
                    .and_then(|a| a.role)
                    .map(role_value)
                    .unwrap_or_default(),
            );
            tax.set(
                a.as_ref()
                    .and_then(|a| a.default_tax)
                    .map(tax_value)
                    .unwrap_or_default(),
            );
            class.set(a.as_ref().and_then(|a| a.business_class));
            purchase_use.set(
                a.as_ref()
                    .and_then(|a| a.purchase_use)
                    .map(purchase_use_value)
                    .unwrap_or_default(),
            );
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            editing.set(None);
        }
    });
    let parents = Signal::derive(move || {
        let me = id.get();
        open_book.book.with(|b| {
            b.accounts()
                .into_iter()
                .filter(|a| a.parent.is_none() && Some(a.id) != me)
                .map(|a| {
                    (
                        a.id.to_string(),
                        format!("{} {}", a.code, a.name(i18n.locale())),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut account = editing_base
            .get_value()
            .unwrap_or_else(|| blank_account(platform::new_id()));
        account.code = code.get_untracked().trim().to_string();
        account.name_ja = name_ja.get_untracked().trim().to_string();
        account.name_en = name_en.get_untracked().trim().to_string();
        account.reading = reading.get_untracked().trim().to_string();
        account.kind = kind_from(&kind.get_untracked()).unwrap_or(AccountType::Expense);
        account.parent = parent.get_untracked().parse().ok();
        account.role = role_from(&role.get_untracked());
        account.default_tax = tax_from(&tax.get_untracked());
        // Only the field the kind shows is kept; the other is cleared, so a
        // kind changed later does not carry a hidden class.
        let kind_now = account.kind;
        account.business_class = (kind_now == AccountType::Revenue)
            .then(|| class.get_untracked())
            .flatten();
        account.purchase_use = matches!(kind_now, AccountType::Expense | AccountType::Asset)
            .then(|| purchase_use_from(&purchase_use.get_untracked()))
            .flatten();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            match open_book
                .write(|book, ctx| save_account(book, account, ctx))
                .await
            {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().account_saved.to_string());
                }
                Err(WriteError::Invalid(e)) => error.set(Some(journal_error(&e, locale))),
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, locale))),
            }
        });
    };
    let title = Signal::derive(move || {
        if id.get().is_some() {
            i18n.t().edit_account.to_string()
        } else {
            i18n.t().add_account.to_string()
        }
    });
    let t = move || i18n.t();
    view! {
        <Dialog open title test_id="account-dialog">
            <form class="kura-form" on:submit=submit novalidate>
                <p class="kura-error" role="alert" data-testid="account-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <FormField label=Signal::derive(move || t().account_code.to_string()) id="account-code">
                    <input id="account-code" type="text" class="kura-input--short" autocomplete="off" bind:value=code />
                </FormField>
                <FormField label=Signal::derive(move || t().account_name_ja.to_string()) id="account-name-ja">
                    <input id="account-name-ja" type="text" lang="ja" autocomplete="off" bind:value=name_ja />
                </FormField>
                <FormField label=Signal::derive(move || t().account_name_en.to_string()) id="account-name-en">
                    <input id="account-name-en" type="text" lang="en" autocomplete="off" bind:value=name_en />
                </FormField>
                <FormField
                    label=Signal::derive(move || t().account_reading.to_string())
                    id="account-reading"
                    hint=Signal::derive(move || Some(t().account_reading_hint.to_string()))
                >
                    <input id="account-reading" type="text" lang="ja" autocomplete="off" bind:value=reading />
                </FormField>
                <FormField label=Signal::derive(move || t().account_type.to_string()) id="account-type">
                    <select id="account-type" prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        {AccountType::ALL
                            .into_iter()
                            .map(|k| {
                                let value = kind_value(k);
                                let selected = value.clone();
                                view! {
                                    <option value=value selected=move || kind.get() == selected>
                                        {move || (t().account_type_name)(k)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().account_parent.to_string()) id="account-parent">
                    <select id="account-parent" prop:value=move || parent.get()
                        on:change=move |ev| parent.set(event_target_value(&ev))>
                        <option value="">{move || t().account_parent_none}</option>
                        {move || {
                            parents
                                .get()
                                .into_iter()
                                .map(|(value, label)| {
                                    let selected = value.clone();
                                    view! {
                                        <option value=value selected=move || parent.get() == selected>{label}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().account_role.to_string()) id="account-role">
                    <select id="account-role" prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="">{move || t().account_role_none}</option>
                        {ROLES
                            .into_iter()
                            .map(|r| {
                                let value = role_value(r);
                                let selected = value.clone();
                                view! {
                                    <option value=value selected=move || role.get() == selected>
                                        {move || (t().account_role_name)(r)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().account_default_tax.to_string()) id="account-tax">
                    <TaxSelect id="account-tax" value=tax />
                </FormField>
                <Show when=move || kind.get() == kind_value(AccountType::Revenue)>
                    <FormField
                        label=Signal::derive(move || t().account_business_class.to_string())
                        id="account-class"
                        hint=Signal::derive(move || Some(t().account_business_class_hint.to_string()))
                    >
                        <BusinessClassSelect id="account-class" value=class unset=Signal::derive(move || t().account_inherited) />
                    </FormField>
                </Show>
                <Show when=move || [AccountType::Expense, AccountType::Asset].map(kind_value).contains(&kind.get())>
                    <FormField
                        label=Signal::derive(move || t().account_purchase_use.to_string())
                        id="account-use"
                        hint=Signal::derive(move || Some(t().account_purchase_use_hint.to_string()))
                    >
                        <select id="account-use" data-testid="account-use" prop:value=move || purchase_use.get()
                            on:change=move |ev| purchase_use.set(event_target_value(&ev))>
                            <option value="">{move || t().account_inherited}</option>
                            {PurchaseUse::ALL
                                .into_iter()
                                .map(|u| {
                                    let value = purchase_use_value(u);
                                    let selected = value.clone();
                                    view! {
                                        <option value=value selected=move || purchase_use.get() == selected>
                                            {move || purchase_use_name(u, i18n.locale())}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </FormField>
                </Show>
                <DialogActions open label=Signal::derive(move || t().save) test_id="save-account" />
            </form>
        </Dialog>
    }
}

/// A new account, an expense until the user picks another type.
fn blank_account(id: RecordId) -> Account {
    Account::new(id, AccountType::Expense)
}

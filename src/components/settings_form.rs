//! The form for a book's settings. It creates a book and edits one: one form,
//! so both always ask the same questions in the same way.

use kura_core::book::{ChartTemplate, SettingsError, SettingsInput, TaxAccounting};
use kura_core::locale::Locale;
use kura_core::money::{Currency, CURRENCIES};
use leptos::prelude::*;

use crate::components::FormField;
use crate::i18n::{settings_error, use_i18n};

/// Whether the form creates a book or edits the open one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SettingsMode {
    Create,
    Edit,
}

/// The settings form. `error` is the core's verdict on the last submit; it is
/// shown next to the field it concerns.
#[component]
pub fn SettingsForm(
    initial: SettingsInput,
    mode: SettingsMode,
    #[prop(into)] error: Signal<Option<SettingsError>>,
    #[prop(into)] busy: Signal<bool>,
    on_submit: Callback<SettingsInput>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(initial.name.clone());
    let owner = RwSignal::new(initial.owner_name.clone());
    let currency = RwSignal::new(initial.currency);
    let start_month = RwSignal::new(initial.fiscal_year_start_month);
    let locale = RwSignal::new(initial.locale);
    let template = RwSignal::new(initial.chart_template);
    let tax_accounting = RwSignal::new(initial.tax_accounting);

    let field_error = move |wanted: &[SettingsError]| {
        error
            .get()
            .filter(|e| wanted.contains(e))
            .map(|e| settings_error(&e, i18n.locale()))
    };
    let name_error = Signal::derive(move || {
        field_error(&[SettingsError::BlankName, SettingsError::NameTooLong])
    });
    let owner_error = Signal::derive(move || field_error(&[SettingsError::OwnerNameTooLong]));
    let month_error = Signal::derive(move || field_error(&[SettingsError::InvalidFiscalYearStart]));
    let currency_error = Signal::derive(move || field_error(&[SettingsError::CurrencyIsFixed]));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(SettingsInput {
            name: name.get_untracked(),
            owner_name: owner.get_untracked(),
            currency: currency.get_untracked(),
            fiscal_year_start_month: start_month.get_untracked(),
            locale: locale.get_untracked(),
            chart_template: template.get_untracked(),
            tax_accounting: tax_accounting.get_untracked(),
        });
    };

    let t = move || i18n.t();
    let submit_label = move || match mode {
        SettingsMode::Create => t().create_book,
        SettingsMode::Edit => t().save,
    };
    let submit_test_id = match mode {
        SettingsMode::Create => "create-book",
        SettingsMode::Edit => "save-settings",
    };

    view! {
        <form class="kura-form" on:submit=submit novalidate>
            <FormField
                label=Signal::derive(move || t().book_name.to_string())
                id="book-name"
                hint=Signal::derive(move || Some(t().book_name_hint.to_string()))
                error=name_error
            >
                <input
                    id="book-name"
                    type="text"
                    autocomplete="organization"
                    required
                    aria-invalid=move || name_error.get().is_some().to_string()
                    aria-describedby="book-name-error"
                    bind:value=name
                />
            </FormField>
            <FormField label=Signal::derive(move || t().owner_name.to_string()) id="owner-name" error=owner_error>
                <input id="owner-name" type="text" autocomplete="name" bind:value=owner />
            </FormField>
            <FormField
                label=Signal::derive(move || t().currency.to_string())
                id="currency"
                hint=Signal::derive(move || Some(t().currency_fixed.to_string()))
                error=currency_error
            >
                <select
                    id="currency"
                    disabled=mode == SettingsMode::Edit
                    prop:value=move || currency.get().code()
                    on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<Currency>() {
                            currency.set(c);
                        }
                    }
                >
                    {CURRENCIES
                        .iter()
                        .map(|c| view! { <option value=c.code()>{c.code()}</option> })
                        .collect_view()}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().fiscal_year_start.to_string()) id="fiscal-year-start" error=month_error>
                <select
                    id="fiscal-year-start"
                    prop:value=move || start_month.get().to_string()
                    on:change=move |ev| {
                        if let Ok(m) = event_target_value(&ev).parse::<u32>() {
                            start_month.set(m);
                        }
                    }
                >
                    {(1..=12u32)
                        .map(|m| view! { <option value=m.to_string()>{move || (t().month_name)(m)}</option> })
                        .collect_view()}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().ui_language.to_string()) id="locale">
                <select
                    id="locale"
                    prop:value=move || locale.get().tag()
                    on:change=move |ev| {
                        if let Ok(l) = event_target_value(&ev).parse::<Locale>() {
                            locale.set(l);
                        }
                    }
                >
                    {Locale::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.tag()>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </FormField>
            <FormField
                label=Signal::derive(move || t().chart_template.to_string())
                id="chart-template"
                hint=Signal::derive(move || Some(t().chart_template_hint.to_string()))
            >
                <select
                    id="chart-template"
                    prop:value=move || template_value(template.get())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(t) = ChartTemplate::ALL.into_iter().find(|t| template_value(*t) == value) {
                            template.set(t);
                        }
                    }
                >
                    {ChartTemplate::ALL
                        .into_iter()
                        .map(|tpl| view! { <option value=template_value(tpl)>{move || (t().template_name)(tpl)}</option> })
                        .collect_view()}
                </select>
            </FormField>
            <FormField
                label=Signal::derive(move || t().tax_accounting.to_string())
                id="tax-accounting"
                hint=Signal::derive(move || Some(t().tax_accounting_hint.to_string()))
            >
                <select
                    id="tax-accounting"
                    prop:value=move || tax_accounting_value(tax_accounting.get())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(a) = TAX_ACCOUNTING.into_iter().find(|a| tax_accounting_value(*a) == value) {
                            tax_accounting.set(a);
                        }
                    }
                >
                    {TAX_ACCOUNTING
                        .into_iter()
                        .map(|a| {
                            let label = move || match a {
                                TaxAccounting::Inclusive => t().tax_inclusive,
                                TaxAccounting::Exclusive => t().tax_exclusive,
                            };
                            view! { <option value=tax_accounting_value(a)>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </FormField>
            <div class="kura-form__actions">
                <button
                    type="submit"
                    class="kura-button kura-button--primary"
                    data-testid=submit_test_id
                    disabled=move || busy.get()
                >
                    {submit_label}
                </button>
            </div>
        </form>
    }
}

/// The value of a template's `<option>`.
fn template_value(template: ChartTemplate) -> &'static str {
    match template {
        ChartTemplate::JapanSoleProprietor => "japan_sole_proprietor",
        ChartTemplate::GenericSmallBusiness => "generic_small_business",
    }
}

/// The choices of the tax-accounting select, in the order shown.
const TAX_ACCOUNTING: [TaxAccounting; 2] = [TaxAccounting::Inclusive, TaxAccounting::Exclusive];

/// The value of a tax-accounting `<option>` (the core's serialized name).
fn tax_accounting_value(accounting: TaxAccounting) -> &'static str {
    match accounting {
        TaxAccounting::Inclusive => "inclusive",
        TaxAccounting::Exclusive => "exclusive",
    }
}

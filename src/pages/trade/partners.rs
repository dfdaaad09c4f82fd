//! `/books/<id>/partners` and `/books/<id>/partners/<partner>`: customers and
//! suppliers (取引先) in one list, searchable by name, reading and registration
//! number, with what each owes or is owed; and one partner's page: its details,
//! the form that edits them, its open items, documents and payments, and the
//! links that start an invoice, a bill, a payment or a statement for it.
//!
//! The core validates (`save_partner`: the registration number's check digit,
//! the terms' days); its refusal is shown next to the field it concerns.

use std::collections::HashMap;

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::ledger::BusinessClass;
use kura_core::locale::format_date;
use kura_core::reports::open_items;
use kura_core::trade::{
    save_partner, search_partners, BankAccountKind, BankDetails, Document, DocumentKind, Honorific,
    Partner, PartnerError, PartnerInput, PaymentDirection, PaymentStatus, PaymentTerms, PriceBasis,
    TradeSide,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    number_text, status_badge, totals_of, use_toasts, BusinessClassSelect, Column, DataTable,
    DateInput, Dialog, DialogActions, FormField, Money, OpenItemsTable, TextField,
};
use crate::i18n::{partner_error, store_error, use_i18n};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, BookScreen};

// ---- figures ------------------------------------------------------------------

/// The open amount per partner on one side, on a date.
fn open_by_partner(book: &Book, side: TradeSide, as_of: NaiveDate) -> HashMap<RecordId, Decimal> {
    let mut sums = HashMap::new();
    for item in open_items(book, side, as_of) {
        *sums.entry(item.partner).or_insert(Decimal::ZERO) += item.open;
    }
    sums
}

// ---- the list --------------------------------------------------------------

/// A partner with what is open on each side today.
#[derive(Clone, Debug, PartialEq)]
struct PartnerRow {
    partner: Partner,
    receivable: Decimal,
    payable: Decimal,
}

fn partner_rows(book: &Book, query: &str) -> Vec<PartnerRow> {
    let day = today();
    let receivable = open_by_partner(book, TradeSide::Sales, day);
    let payable = open_by_partner(book, TradeSide::Purchase, day);
    search_partners(book, query)
        .into_iter()
        .map(|p| PartnerRow {
            partner: p.clone(),
            receivable: receivable.get(&p.id).copied().unwrap_or_default(),
            payable: payable.get(&p.id).copied().unwrap_or_default(),
        })
        .collect()
}

#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let query = RwSignal::new(String::new());
    // The partner being edited; `Some(None)` adds a new one.
    let editing = RwSignal::new(None::<Option<Partner>>);
    let rows = Signal::derive(move || {
        let q = query.get();
        open.book.with(|b| partner_rows(b, &q))
    });
    view! {
        <div class="kura-page kura-page--wide kura-partners" data-testid="partners-page">
            <div class="kura-page__head">
                <h1>{move || t().pt_title}</h1>
                <button type="button" class="kura-button kura-button--primary" data-testid="new-partner"
                    on:click=move |_| editing.set(Some(None))>
                    {move || t().pt_new}
                </button>
            </div>
            <p class="kura-muted">{move || t().pt_intro}</p>
            <div class="kura-search" role="search">
                <FormField label=Signal::derive(move || t().pt_search.to_string()) id="partner-search">
                    <input id="partner-search" type="search" autocomplete="off" data-testid="partner-search"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </FormField>
            </div>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted" data-testid="no-partners">{move || t().pt_none}</p> }
            >
                <PartnerTable rows open />
            </Show>
            <PartnerDialog editing />
        </div>
    }
}

#[component]
fn PartnerTable(rows: Signal<Vec<PartnerRow>>, open: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let columns = vec![
        Column::text(
            move || t().pt_name.to_string(),
            move |r: &PartnerRow| {
                let p = &r.partner;
                let archived = p.archived;
                view! {
                    <a href=BookScreen::Partner(p.id).path(open.id) data-testid="partner-link">{p.name.clone()}</a>
                    <span class="kura-partner__reading">{p.reading.clone()}</span>
                    {archived.then(|| view! {
                        <span class="kura-badge kura-badge--muted">{move || t().archived}</span>
                    })}
                }
            },
        )
        .sortable_by(|a: &PartnerRow, b: &PartnerRow| a.partner.reading.cmp(&b.partner.reading)),
        Column::text(
            move || t().pt_roles.to_string(),
            |r: &PartnerRow| view! { <RoleBadges partner=r.partner.clone() /> },
        ),
        Column::text(
            move || t().pt_registration.to_string(),
            move |r: &PartnerRow| {
                let number = r.partner.registration_number.as_ref().map(|n| n.as_str().to_string());
                let registered = r.partner.registered_issuer;
                view! {
                    <span class="kura-code" data-testid="partner-registration">{number}</span>
                    {registered.then(|| view! {
                        " "<span class="kura-badge kura-badge--posted">{move || t().pt_registered_badge}</span>
                    })}
                }
            },
        ),
        Column::text(
            move || t().pt_terms.to_string(),
            move |r: &PartnerRow| {
                let terms = r.partner.payment_terms;
                move || (t().pt_terms_text)(terms)
            },
        ),
        Column::numeric(
            move || t().pt_receivable.to_string(),
            move |r: &PartnerRow| view! { <Money amount=r.receivable currency /> },
        )
        .sortable_by_key(|r: &PartnerRow| r.receivable),
        Column::numeric(
            move || t().pt_payable.to_string(),
            move |r: &PartnerRow| view! { <Money amount=r.payable currency /> },
        )
        .sortable_by_key(|r: &PartnerRow| r.payable),
    ];
    view! {
        <DataTable
            rows
            columns
            row_key=|r: &PartnerRow| r.partner.id.to_string()
            row_test_id="partner-row"
            label=Signal::derive(move || t().pt_title.to_string())
        />
    }
}

#[component]
fn RoleBadges(partner: Partner) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <span class="kura-partner__roles">
            {partner.is_customer.then(|| view! {
                <span class="kura-badge kura-badge--customer">{move || t().pt_customer}</span>
            })}
            {partner.is_supplier.then(|| view! {
                <span class="kura-badge kura-badge--supplier">{move || t().pt_supplier}</span>
            })}
        </span>
    }
}

// ---- the form ----------------------------------------------------------------

/// The field a refusal belongs next to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Roles,
    Registration,
    RegistrationDates,
    Terms,
    Form,
}

fn field_of(error: &PartnerError) -> Field {
    match error {
        PartnerError::BlankName | PartnerError::NameTooLong { .. } => Field::Name,
        PartnerError::NoRole => Field::Roles,
        PartnerError::RegistrationFormat
        | PartnerError::RegistrationCheckDigit
        | PartnerError::RegisteredWithoutNumber => Field::Registration,
        PartnerError::RegistrationEndsBeforeItStarts { .. }
        | PartnerError::RegistrationDatesWithoutRegistration => Field::RegistrationDates,
        PartnerError::InvalidTermsDay => Field::Terms,
        PartnerError::NotFound => Field::Form,
    }
}

/// A day of the month as a select value: `""` is the end of the month.
fn day_value(day: Option<u8>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

/// The form's state: one signal per field the user edits.
#[derive(Clone, Copy)]
struct PartnerForm {
    name: RwSignal<String>,
    reading: RwSignal<String>,
    is_customer: RwSignal<bool>,
    is_supplier: RwSignal<bool>,
    person: RwSignal<bool>,
    postal_code: RwSignal<String>,
    address: RwSignal<String>,
    contact: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    net_terms: RwSignal<bool>,
    closing_day: RwSignal<String>,
    months_later: RwSignal<String>,
    pay_day: RwSignal<String>,
    net_days: RwSignal<String>,
    tax_inclusive: RwSignal<bool>,
    registration: RwSignal<String>,
    check_digit_confirmed: RwSignal<bool>,
    registered_issuer: RwSignal<bool>,
    registered_from: RwSignal<Option<NaiveDate>>,
    registered_until: RwSignal<Option<NaiveDate>>,
    registered_from_error: RwSignal<Option<String>>,
    registered_until_error: RwSignal<Option<String>>,
    bank_name: RwSignal<String>,
    branch_name: RwSignal<String>,
    checking: RwSignal<bool>,
    account_number: RwSignal<String>,
    holder: RwSignal<String>,
    notes: RwSignal<String>,
    archived: RwSignal<bool>,
    business_class: RwSignal<Option<BusinessClass>>,
}

impl PartnerForm {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        let flag = || RwSignal::new(false);
        PartnerForm {
            name: text(),
            reading: text(),
            is_customer: flag(),
            is_supplier: flag(),
            person: flag(),
            postal_code: text(),
            address: text(),
            contact: text(),
            email: text(),
            phone: text(),
            net_terms: flag(),
            closing_day: text(),
            months_later: text(),
            pay_day: text(),
            net_days: text(),
            tax_inclusive: flag(),
            registration: text(),
            check_digit_confirmed: flag(),
            registered_issuer: flag(),
            registered_from: RwSignal::new(None),
            registered_until: RwSignal::new(None),
            registered_from_error: RwSignal::new(None),
            registered_until_error: RwSignal::new(None),
            bank_name: text(),
            branch_name: text(),
            checking: flag(),
            account_number: text(),
            holder: text(),
            notes: text(),
            archived: flag(),
            business_class: RwSignal::new(None),
        }
    }

    /// Shows a partner, or the defaults of a new customer.
    fn load(&self, partner: Option<&Partner>) {
        let p = partner.cloned().unwrap_or_else(|| Partner {
            is_customer: true,
            ..blank_partner()
        });
        self.name.set(p.name);
        self.reading.set(p.reading);
        self.is_customer.set(p.is_customer);
        self.is_supplier.set(p.is_supplier);
        self.person.set(p.honorific == Honorific::Person);
        self.postal_code.set(p.postal_code);
        self.address.set(p.address);
        self.contact.set(p.contact);
        self.email.set(p.email);
        self.phone.set(p.phone);
        self.load_terms(p.payment_terms);
        self.tax_inclusive
            .set(p.price_basis == PriceBasis::TaxInclusive);
        // A number kept with a mismatched check digit stays confirmed.
        self.check_digit_confirmed.set(
            p.registration_number
                .as_ref()
                .is_some_and(|n| !n.check_digit_matches()),
        );
        self.registration.set(
            p.registration_number
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
        );
        self.registered_issuer.set(p.registered_issuer);
        self.registered_from.set(p.registered_from);
        self.registered_until.set(p.registered_until);
        self.registered_from_error.set(None);
        self.registered_until_error.set(None);
        self.bank_name.set(p.bank.bank_name);
        self.branch_name.set(p.bank.branch_name);
        self.checking
            .set(p.bank.account_kind == BankAccountKind::Checking);
        self.account_number.set(p.bank.account_number);
        self.holder.set(p.bank.holder);
        self.notes.set(p.notes);
        self.archived.set(p.archived);
        self.business_class.set(p.business_class);
    }

    fn load_terms(&self, terms: PaymentTerms) {
        // Both variants' fields get a value, so switching kind shows sensible defaults.
        let (closing, months, pay, days) = match terms {
            PaymentTerms::MonthlyClosing {
                closing_day,
                months_later,
                pay_day,
            } => (closing_day, months_later, pay_day, 30),
            PaymentTerms::NetDays { days } => (None, 1, None, days),
        };
        self.net_terms
            .set(matches!(terms, PaymentTerms::NetDays { .. }));
        self.closing_day.set(day_value(closing));
        self.months_later.set(months.to_string());
        self.pay_day.set(day_value(pay));
        self.net_days.set(days.to_string());
    }

    fn terms(&self) -> PaymentTerms {
        if self.net_terms.get_untracked() {
            PaymentTerms::NetDays {
                days: self.net_days.get_untracked().trim().parse().unwrap_or(0),
            }
        } else {
            PaymentTerms::MonthlyClosing {
                closing_day: self.closing_day.get_untracked().parse().ok(),
                months_later: self.months_later.get_untracked().parse().unwrap_or(1),
                pay_day: self.pay_day.get_untracked().parse().ok(),
            }
        }
    }

    fn input(&self) -> PartnerInput {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        PartnerInput {
            name: text(self.name),
            reading: text(self.reading),
            is_customer: self.is_customer.get_untracked(),
            is_supplier: self.is_supplier.get_untracked(),
            honorific: if self.person.get_untracked() {
                Honorific::Person
            } else {
                Honorific::Company
            },
            postal_code: text(self.postal_code),
            address: text(self.address),
            contact: text(self.contact),
            email: text(self.email),
            phone: text(self.phone),
            payment_terms: self.terms(),
            price_basis: if self.tax_inclusive.get_untracked() {
                PriceBasis::TaxInclusive
            } else {
                PriceBasis::TaxExclusive
            },
            registration_number: text(self.registration),
            check_digit_confirmed: self.check_digit_confirmed.get_untracked(),
            registered_issuer: self.registered_issuer.get_untracked(),
            registered_from: self.registered_from.get_untracked(),
            registered_until: self.registered_until.get_untracked(),
            bank: BankDetails {
                bank_name: text(self.bank_name),
                branch_name: text(self.branch_name),
                account_kind: if self.checking.get_untracked() {
                    BankAccountKind::Checking
                } else {
                    BankAccountKind::Ordinary
                },
                account_number: text(self.account_number),
                holder: text(self.holder),
            },
            notes: self.notes.get_untracked().trim_end().to_string(),
            archived: self.archived.get_untracked(),
            business_class: self.business_class.get_untracked(),
        }
    }
}

/// An empty partner, for the form's defaults.
fn blank_partner() -> Partner {
    Partner {
        id: RecordId::from_parts(0, 0),
        name: String::new(),
        reading: String::new(),
        is_customer: false,
        is_supplier: false,
        honorific: Honorific::default(),
        postal_code: String::new(),
        address: String::new(),
        contact: String::new(),
        email: String::new(),
        phone: String::new(),
        payment_terms: PaymentTerms::default(),
        price_basis: PriceBasis::default(),
        registration_number: None,
        registered_issuer: false,
        registered_from: None,
        registered_until: None,
        bank: BankDetails::default(),
        notes: String::new(),
        archived: false,
        business_class: None,
    }
}

/// Adds (`Some(None)`) or edits (`Some(Some(partner))`) a partner.
#[component]
fn PartnerDialog(editing: RwSignal<Option<Option<Partner>>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let open_book = use_open_book();
    let open = RwSignal::new(false);
    let id = RwSignal::new(None::<RecordId>);
    let form = PartnerForm::new();
    // Kept as the error, not its sentence, so it follows a change of language.
    let error = RwSignal::new(None::<WriteError<PartnerError>>);
    Effect::new(move || {
        if let Some(target) = editing.get() {
            id.set(target.as_ref().map(|p| p.id));
            form.load(target.as_ref());
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            editing.set(None);
        }
    });
    let error_at = move |field: Field| {
        Signal::derive(move || {
            let locale = i18n.locale();
            error.with(|e| match e {
                Some(WriteError::Invalid(e)) if field_of(e) == field => {
                    Some(partner_error(e, locale))
                }
                Some(WriteError::Store(e)) if field == Field::Form => Some(store_error(e, locale)),
                _ => None,
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.input();
        let partner_id = id.get_untracked().unwrap_or_else(platform::new_id);
        spawn_local(async move {
            match open_book
                .write(|book, ctx| save_partner(book, partner_id, input, ctx))
                .await
            {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().pt_saved.to_string());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let title = Signal::derive(move || {
        if id.get().is_some() {
            t().pt_edit_title.to_string()
        } else {
            t().pt_new.to_string()
        }
    });
    view! {
        <Dialog open title test_id="partner-dialog">
            <form class="kura-form kura-partner-form" on:submit=submit novalidate>
                <p class="kura-error" role="alert" data-testid="partner-error" hidden=move || error_at(Field::Form).with(Option::is_none)>
                    {move || error_at(Field::Form).get()}
                </p>
                <BasicFields form name_error=error_at(Field::Name) roles_error=error_at(Field::Roles) />
                <ContactFields form />
                <TermsFields form terms_error=error_at(Field::Terms) registration_error=error_at(Field::Registration)
                    dates_error=error_at(Field::RegistrationDates)
                    check_digit_warned=Signal::derive(move || error.with(|e| matches!(e, Some(WriteError::Invalid(PartnerError::RegistrationCheckDigit))))) />
                <Show when=move || form.is_customer.get()>
                    <FormField label=Signal::derive(move || t().account_business_class.to_string()) id="partner-class"
                        hint=Signal::derive(move || Some(t().pt_business_class_hint.to_string()))>
                        <BusinessClassSelect id="partner-class" value=form.business_class
                            unset=Signal::derive(move || t().class_from_account) />
                    </FormField>
                </Show>
                <BankFields form />
                <FormField label=Signal::derive(move || t().pt_notes.to_string()) id="partner-notes">
                    <textarea id="partner-notes" rows="3" bind:value=form.notes></textarea>
                </FormField>
                <label class="kura-check">
                    <input type="checkbox" data-testid="partner-archived" bind:checked=form.archived />
                    {move || t().pt_archived_label}
                </label>
                <DialogActions open label=Signal::derive(move || t().save) test_id="save-partner" />
            </form>
        </Dialog>
    }
}

#[component]
fn BasicFields(
    form: PartnerForm,
    name_error: Signal<Option<String>>,
    roles_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <fieldset class="kura-partner-form__group">
            <legend>{move || t().pt_section_basic}</legend>
            <TextField label=|t| t.pt_name id="partner-name" value=form.name error=name_error />
            <TextField label=|t| t.pt_reading id="partner-reading" value=form.reading
                hint=Signal::derive(move || Some(t().pt_reading_hint.to_string())) />
            <div class="kura-field" role="group" aria-labelledby="partner-roles-label">
                <span class="kura-field__label" id="partner-roles-label">{move || t().pt_roles}</span>
                <span class="kura-partner-form__checks">
                    <label class="kura-check">
                        <input type="checkbox" data-testid="partner-customer" bind:checked=form.is_customer />
                        {move || t().pt_customer}
                    </label>
                    <label class="kura-check">
                        <input type="checkbox" data-testid="partner-supplier" bind:checked=form.is_supplier />
                        {move || t().pt_supplier}
                    </label>
                </span>
                <p class="kura-field__error" role="alert" data-testid="partner-roles-error" hidden=move || roles_error.with(Option::is_none)>
                    {move || roles_error.get()}
                </p>
            </div>
            <FormField label=Signal::derive(move || t().pt_honorific.to_string()) id="partner-honorific">
                <select id="partner-honorific"
                    on:change=move |ev| form.person.set(event_target_value(&ev) == "person")>
                    <option value="company" selected=move || !form.person.get()>{move || (t().pt_honorific_name)(Honorific::Company)}</option>
                    <option value="person" selected=move || form.person.get()>{move || (t().pt_honorific_name)(Honorific::Person)}</option>
                </select>
            </FormField>
        </fieldset>
    }
}

#[component]
fn ContactFields(form: PartnerForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="kura-partner-form__group">
            <legend>{move || i18n.t().pt_section_contact}</legend>
            <TextField label=|t| t.pt_postal id="partner-postal" value=form.postal_code />
            <TextField label=|t| t.pt_address id="partner-address" value=form.address />
            <TextField label=|t| t.pt_contact id="partner-contact" value=form.contact />
            <TextField label=|t| t.pt_email id="partner-email" value=form.email kind="email" />
            <TextField label=|t| t.pt_phone id="partner-phone" value=form.phone kind="tel" />
        </fieldset>
    }
}

/// Options for a closing or paying day: 1–28 and the end of the month.
fn day_options(selected: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    std::iter::once(None)
        .chain((1..=28).map(Some))
        .map(|day: Option<u8>| {
            let value = day_value(day);
            let current = value.clone();
            view! {
                <option value=value selected=move || selected.get() == current>
                    {move || (i18n.t().pt_day_name)(day)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn TermsFields(
    form: PartnerForm,
    terms_error: Signal<Option<String>>,
    registration_error: Signal<Option<String>>,
    dates_error: Signal<Option<String>>,
    check_digit_warned: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let months = (0u8..=3)
        .map(|m| {
            view! {
                <option value=m.to_string() selected=move || form.months_later.get() == m.to_string()>
                    {move || (t().pt_months_name)(m)}
                </option>
            }
        })
        .collect_view();
    view! {
        <fieldset class="kura-partner-form__group">
            <legend>{move || t().pt_section_terms}</legend>
            <FormField label=Signal::derive(move || t().pt_terms.to_string()) id="partner-terms-kind" error=terms_error>
                <select id="partner-terms-kind" data-testid="partner-terms-kind"
                    on:change=move |ev| form.net_terms.set(event_target_value(&ev) == "net")>
                    <option value="monthly" selected=move || !form.net_terms.get()>{move || t().pt_terms_monthly}</option>
                    <option value="net" selected=move || form.net_terms.get()>{move || t().pt_terms_net}</option>
                </select>
            </FormField>
            <div class="kura-partner-form__row" hidden=move || form.net_terms.get()>
                <FormField label=Signal::derive(move || t().pt_closing_day.to_string()) id="partner-closing-day">
                    <select id="partner-closing-day" on:change=move |ev| form.closing_day.set(event_target_value(&ev))>
                        {day_options(form.closing_day)}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().pt_months_later.to_string()) id="partner-months-later">
                    <select id="partner-months-later" on:change=move |ev| form.months_later.set(event_target_value(&ev))>
                        {months}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().pt_pay_day.to_string()) id="partner-pay-day">
                    <select id="partner-pay-day" on:change=move |ev| form.pay_day.set(event_target_value(&ev))>
                        {day_options(form.pay_day)}
                    </select>
                </FormField>
            </div>
            <div class="kura-partner-form__row" hidden=move || !form.net_terms.get()>
                <TextField label=|t| t.pt_net_days id="partner-net-days" value=form.net_days kind="number" />
            </div>
            <FormField label=Signal::derive(move || t().pt_price_basis.to_string()) id="partner-price-basis">
                <select id="partner-price-basis"
                    on:change=move |ev| form.tax_inclusive.set(event_target_value(&ev) == "inclusive")>
                    <option value="exclusive" selected=move || !form.tax_inclusive.get()>
                        {move || (t().pt_price_basis_name)(PriceBasis::TaxExclusive)}
                    </option>
                    <option value="inclusive" selected=move || form.tax_inclusive.get()>
                        {move || (t().pt_price_basis_name)(PriceBasis::TaxInclusive)}
                    </option>
                </select>
            </FormField>
            <TextField label=|t| t.pt_registration id="partner-registration" value=form.registration
                error=registration_error
                hint=Signal::derive(move || Some(t().pt_registration_hint.to_string())) />
            {move || (check_digit_warned.get() || form.check_digit_confirmed.get()).then(|| view! {
                <label class="kura-check">
                    <input type="checkbox" data-testid="partner-check-digit-confirmed" bind:checked=form.check_digit_confirmed />
                    {move || t().pt_check_digit_confirm}
                </label>
            })}
            <label class="kura-check">
                <input type="checkbox" data-testid="partner-registered" bind:checked=form.registered_issuer />
                {move || t().pt_registered_issuer}
            </label>
            <Show when=move || form.registered_issuer.get()>
                <div class="kura-partner-form__row">
                    <FormField label=Signal::derive(move || t().pt_registered_from.to_string()) id="partner-registered-from"
                        error=Signal::derive(move || form.registered_from_error.get())>
                        <DateInput id="partner-registered-from" value=form.registered_from error=form.registered_from_error />
                    </FormField>
                    <FormField label=Signal::derive(move || t().pt_registered_until.to_string()) id="partner-registered-until"
                        error=Signal::derive(move || form.registered_until_error.get().or_else(|| dates_error.get()))
                        hint=Signal::derive(move || Some(t().pt_registered_until_hint.to_string()))>
                        <DateInput id="partner-registered-until" value=form.registered_until error=form.registered_until_error />
                    </FormField>
                </div>
            </Show>
        </fieldset>
    }
}

#[component]
fn BankFields(form: PartnerForm) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let kind = move |k: BankAccountKind| {
        let checking = k == BankAccountKind::Checking;
        view! {
            <option value=if checking { "checking" } else { "ordinary" } selected=move || form.checking.get() == checking>
                {move || (t().pt_account_kind_name)(k)}
            </option>
        }
    };
    view! {
        <fieldset class="kura-partner-form__group">
            <legend>{move || t().pt_bank_heading}</legend>
            <div class="kura-partner-form__row">
                <TextField label=|t| t.pt_bank_name id="partner-bank" value=form.bank_name />
                <TextField label=|t| t.pt_branch id="partner-branch" value=form.branch_name />
            </div>
            <div class="kura-partner-form__row">
                <FormField label=Signal::derive(move || t().pt_account_kind.to_string()) id="partner-account-kind">
                    <select id="partner-account-kind"
                        on:change=move |ev| form.checking.set(event_target_value(&ev) == "checking")>
                        {kind(BankAccountKind::Ordinary)}
                        {kind(BankAccountKind::Checking)}
                    </select>
                </FormField>
                <TextField label=|t| t.pt_account_number id="partner-account-number" value=form.account_number />
            </div>
            <TextField label=|t| t.pt_holder id="partner-holder" value=form.holder />
        </fieldset>
    }
}

// ---- one partner -------------------------------------------------------------

#[component]
pub fn PartnerPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let id = routes::use_id_param("partner");
    let partner = Memo::new(move |_| {
        id.get()
            .and_then(|id| open.book.with(|b| b.partner(id).cloned()))
    });
    let editing = RwSignal::new(None::<Option<Partner>>);
    view! {
        <div class="kura-page kura-page--wide kura-partner" data-testid="partner-page">
            <p class="kura-no-print">
                <a href=BookScreen::Partners.path(open.id)>{move || t().pt_back}</a>
            </p>
            {move || match partner.get() {
                None => view! { <p class="kura-muted" data-testid="partner-missing">{t().pt_not_found}</p> }.into_any(),
                Some(p) => view! { <PartnerView partner=p editing /> }.into_any(),
            }}
            <PartnerDialog editing />
        </div>
    }
}

#[component]
fn PartnerView(partner: Partner, editing: RwSignal<Option<Option<Partner>>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let for_edit = partner.clone();
    let book = open.id;
    let pid = partner.id;
    let actions = {
        let p = &partner;
        let new_doc = |kind| routes::new_document_for(book, kind, pid);
        view! {
            <p class="kura-partner__actions kura-no-print">
                {p.is_customer.then(|| view! {
                    <a class="kura-button kura-button--primary" data-testid="new-invoice" href=new_doc(DocumentKind::Invoice)>{move || t().pt_new_invoice}</a>
                    <a class="kura-button" data-testid="record-receipt" href=routes::new_payment(book, pid, PaymentDirection::settling(TradeSide::Sales), None)>{move || t().pt_receive}</a>
                })}
                {p.is_supplier.then(|| view! {
                    <a class="kura-button" data-testid="new-bill" href=new_doc(DocumentKind::Bill)>{move || t().pt_new_bill}</a>
                    <a class="kura-button" data-testid="record-payment" href=routes::new_payment(book, pid, PaymentDirection::settling(TradeSide::Purchase), None)>{move || t().pt_pay}</a>
                })}
                <a class="kura-button" data-testid="partner-statement" href=routes::partner_statement(book, pid)>
                    {move || t().pt_statement}
                </a>
            </p>
        }
    };
    view! {
        <div class="kura-page__head">
            <h1 data-testid="partner-title">
                {partner.name.clone()}
                <span class="kura-partner__reading">{partner.reading.clone()}</span>
            </h1>
            <button type="button" class="kura-button kura-no-print" data-testid="edit-partner"
                on:click=move |_| editing.set(Some(Some(for_edit.clone())))>
                {move || t().edit}
            </button>
        </div>
        <RoleBadges partner=partner.clone() />
        <SavedPaymentNotice />
        {actions}
        <PartnerFacts partner=partner.clone() />
        <OpenItemsCard partner=partner.clone() />
        <DocumentsCard partner=pid />
        <PaymentsCard partner=pid />
    }
}

/// After a received payment is recorded, the way to its receipt (領収書).
#[component]
fn SavedPaymentNotice() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let query = use_query_map();
    let saved = Memo::new(move |_| {
        query
            .with(|q| q.get("payment"))
            .and_then(|s| s.parse::<RecordId>().ok())
    });
    move || {
        saved.get().map(|payment| {
            view! {
                <p class="kura-notice kura-no-print" role="status" data-testid="payment-saved">
                    {i18n.t().pt_received_saved}" "
                    <a href=BookScreen::PrintReceipt(payment).path(open.id) data-testid="print-receipt">{i18n.t().pt_print_receipt}</a>
                </p>
            }
        })
    }
}

#[component]
fn PartnerFacts(partner: Partner) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.t();
        let p = &partner;
        let bank = &p.bank;
        let bank_text = if bank.bank_name.is_empty() && bank.account_number.is_empty() {
            String::new()
        } else {
            format!(
                "{} {} {} {} {}",
                bank.bank_name,
                bank.branch_name,
                (t.pt_account_kind_name)(bank.account_kind),
                bank.account_number,
                bank.holder
            )
        };
        let registration = p
            .registration_number
            .as_ref()
            .map(|n| {
                let mark = if p.registered_issuer {
                    format!(" ({})", t.pt_registered_issuer)
                } else {
                    String::new()
                };
                format!("{}{mark}", n.as_str())
            })
            .unwrap_or_default();
        let facts = [
            (
                t.pt_honorific,
                (t.pt_honorific_name)(p.honorific).to_string(),
            ),
            (t.pt_postal, p.postal_code.clone()),
            (t.pt_address, p.address.clone()),
            (t.pt_contact, p.contact.clone()),
            (t.pt_email, p.email.clone()),
            (t.pt_phone, p.phone.clone()),
            (t.pt_terms, (t.pt_terms_text)(p.payment_terms)),
            (
                t.pt_price_basis,
                (t.pt_price_basis_name)(p.price_basis).to_string(),
            ),
            (t.pt_registration, registration),
            (
                t.account_business_class,
                p.business_class
                    .map(|c| (t.rep_business_class_name)(c.number()))
                    .unwrap_or_default(),
            ),
            (t.pt_bank_heading, bank_text),
            (t.pt_notes, p.notes.clone()),
        ];
        let rows = facts
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
            .collect_view();
        view! {
            <section class="kura-card" aria-labelledby="partner-details">
                <h2 id="partner-details">{t.pt_details}</h2>
                <dl class="kura-facts" data-testid="partner-facts">{rows}</dl>
            </section>
        }
    }
}

/// The partner's open items on each side it trades on, today.
#[component]
fn OpenItemsCard(partner: Partner) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let sides: Vec<TradeSide> = [
        (partner.is_customer, TradeSide::Sales),
        (partner.is_supplier, TradeSide::Purchase),
    ]
    .into_iter()
    .filter_map(|(has, side)| has.then_some(side))
    .collect();
    let pid = partner.id;
    let items = Memo::new(move |_| {
        let day = today();
        open.book.with(|b| {
            sides
                .iter()
                .flat_map(|side| open_items(b, *side, day))
                .filter(|item| item.partner == pid)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="kura-card" aria-labelledby="partner-open">
            <h2 id="partner-open">{move || i18n.t().pt_open_items}</h2>
            <Show
                when=move || !items.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted" data-testid="no-open-items">{move || i18n.t().pt_no_open}</p> }
            >
                <OpenItemsTable items=Signal::from(items) show_partner=false />
            </Show>
        </section>
    }
}

/// Every document of the partner, newest first.
#[component]
fn DocumentsCard(partner: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let rows = Memo::new(move |_| {
        open.book.with(|b| {
            let mut docs: Vec<(Document, Decimal)> = b
                .documents()
                .filter(|d| d.partner == partner)
                .map(|d| (d.clone(), totals_of(b, d).gross))
                .collect();
            docs.sort_by_key(|(d, _)| std::cmp::Reverse(d.date));
            docs
        })
    });
    view! {
        <section class="kura-card" aria-labelledby="partner-documents">
            <h2 id="partner-documents">{move || t().pt_documents}</h2>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted">{move || t().pt_no_documents}</p> }
            >
                <DocumentTable rows=Signal::from(rows) />
            </Show>
        </section>
    }
}

#[component]
fn DocumentTable(rows: Signal<Vec<(Document, Decimal)>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let book = open.id;
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let columns = vec![
        Column::text(
            move || t().pt_col_kind.to_string(),
            move |(d, _): &(Document, Decimal)| {
                let kind = d.kind;
                move || (t().doc_kind_name)(kind)
            },
        ),
        Column::text(
            move || t().pt_col_number.to_string(),
            move |(d, _): &(Document, Decimal)| {
                let doc = d.clone();
                view! { <a href=BookScreen::Document(d.id).path(book)>{move || number_text(&doc, t())}</a> }
            },
        ),
        Column::text(
            move || t().pt_col_date.to_string(),
            move |(d, _): &(Document, Decimal)| {
                let date = d.date;
                move || format_date(date, i18n.locale())
            },
        )
        .sortable_by_key(|(d, _): &(Document, Decimal)| d.date),
        Column::text(
            move || t().pt_col_status.to_string(),
            |(d, _): &(Document, Decimal)| status_badge(d.status),
        ),
        Column::numeric(
            move || t().pt_col_amount.to_string(),
            move |(_, amount): &(Document, Decimal)| view! { <Money amount=*amount currency /> },
        ),
    ];
    view! {
        <DataTable
            rows
            columns
            row_key=|(d, _): &(Document, Decimal)| d.id.to_string()
            row_test_id="partner-document"
            label=Signal::derive(move || t().pt_documents.to_string())
        />
    }
}

/// Every payment to or from the partner, newest first; received ones link to
/// their receipt.
#[component]
fn PaymentsCard(partner: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let book = open.id;
    let rows = Memo::new(move |_| {
        open.book.with(|b| {
            let mut list: Vec<_> = b
                .payments()
                .filter(|p| p.partner == partner)
                .cloned()
                .collect();
            list.sort_by_key(|p| std::cmp::Reverse(p.date));
            list
        })
    });
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let items = move || {
        let locale = i18n.locale();
        rows.get()
            .into_iter()
            .map(|p| {
                let cancelled = p.status == PaymentStatus::Cancelled;
                let receipt = (p.direction == PaymentDirection::Received && !cancelled)
                    .then(|| view! { <a href=BookScreen::PrintReceipt(p.id).path(book)>{t().pt_receipt}</a> });
                view! {
                    <tr data-testid="partner-payment">
                        <td>{format_date(p.date, locale)}</td>
                        <td>{(t().pt_direction_name)(p.direction)}
                            {cancelled.then(|| view! { " "<span class="kura-badge kura-badge--muted">{t().pt_payment_cancelled}</span> })}
                        </td>
                        <td class="kura-num"><Money amount=p.settled() currency /></td>
                        <td>{p.memo.clone()}</td>
                        <td>{receipt}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="kura-card" aria-labelledby="partner-payments">
            <h2 id="partner-payments">{move || t().pt_payments}</h2>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted">{move || t().pt_no_payments}</p> }
            >
                <div class="kura-table-wrap">
                    <table class="kura-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t().pt_col_date}</th>
                                <th scope="col">{move || t().pt_col_kind}</th>
                                <th scope="col" class="kura-table__cell--numeric">{move || t().pt_col_settled}</th>
                                <th scope="col">{move || t().pt_memo}</th>
                                <th scope="col">{move || t().actions_column}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

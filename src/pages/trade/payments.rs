//! `/books/<id>/payments/new?partner=…&direction=received|paid|refunded&document=…`:
//! a receipt of payment (入金), a payment to a supplier (支払) or a refund to a
//! customer (返金), allocated explicitly to the partner's open documents.
//!
//! What a payment settles is the money that moved plus, when received, the bank
//! fee and the income tax the customer deducted (`Payment::settled`); a refund
//! settles minus its money, spread over the customer's credits (negative open
//! amounts), as the core's sign convention has it. The form
//! spreads that over the open items oldest first (the document the user came
//! from first), shows "allocated X of Y" as the user changes it, and records
//! everything with `kura_core::trade::record_payment` in one write.

use chrono::NaiveDate;
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_money};
use kura_core::money::AmountError;
use kura_core::reports::OpenItem;
use kura_core::trade::{
    default_money_account, money_accounts, open_items_to_settle, prefill_from, record_payment,
    spread_oldest_first, Allocation, PaymentDirection, PaymentInput, Prefill, TradeError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    account_label, amount_error_message, use_toasts, AmountInput, DateInput, FormField, Money,
};
use crate::i18n::{store_error, trade_error, use_i18n};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, direction_value, BookScreen};

/// One open item and the amount the user allocates to it.
#[derive(Clone)]
struct AllocRow {
    item: OpenItem,
    value: RwSignal<Option<Decimal>>,
    error: RwSignal<Option<AmountError>>,
}

fn fill(rows: &[AllocRow], settled: Decimal) {
    let open: Vec<Decimal> = rows.iter().map(|r| r.item.open).collect();
    for (row, amount) in rows.iter().zip(spread_oldest_first(&open, settled)) {
        row.error.set(None);
        row.value.set((!amount.is_zero()).then_some(amount));
    }
}

/// The field a refusal belongs next to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Partner,
    Account,
    Amount,
    Allocations,
    Form,
}

fn field_of(error: &TradeError) -> Field {
    use TradeError::*;
    match error {
        PartnerNotFound | NotACustomer | NotASupplier => Field::Partner,
        NotACashAccount => Field::Account,
        ZeroPayment | TooManyDecimals | InvalidDeduction | PaymentTooLarge(_) => Field::Amount,
        AllocationMismatch { .. }
        | AllocationExceedsOpen { .. }
        | AllocationNotSettleable
        | DocumentNotFound
        | NotIssued
        | BeyondLimits => Field::Allocations,
        Journal(_)
        | Inventory(_)
        | Line { .. }
        | NoLines
        | NotADraft
        | CannotFollow { .. }
        | MixedPartners
        | NothingLeft
        | HasPayments
        | HasFollowers
        | CreditExceedsInvoice { .. }
        | CreditNoteWithoutSale
        | SupplyPeriodAfterNote { .. }
        | StatedTax { .. }
        | MissingRole(_)
        | NoNumberSeries
        | SeriesExhausted { .. }
        | NothingToConsolidate
        | PaymentNotFound
        | AlreadyCancelled
        | TotalTooLarge(_) => Field::Form,
    }
}

/// The form's state.
#[derive(Clone, Copy)]
struct PaymentForm {
    partner: RwSignal<Option<RecordId>>,
    direction: RwSignal<PaymentDirection>,
    date: RwSignal<Option<NaiveDate>>,
    date_error: RwSignal<Option<String>>,
    account: RwSignal<Option<RecordId>>,
    amount: RwSignal<Option<Decimal>>,
    amount_error: RwSignal<Option<AmountError>>,
    fee: RwSignal<Option<Decimal>>,
    fee_error: RwSignal<Option<AmountError>>,
    withholding: RwSignal<Option<Decimal>>,
    withholding_error: RwSignal<Option<AmountError>>,
    memo: RwSignal<String>,
    rows: RwSignal<Vec<AllocRow>>,
    /// Kept as the error, not its sentence, so it follows a change of language.
    error: RwSignal<Option<WriteError<TradeError>>>,
}

impl PaymentForm {
    /// What the payment settles: the money, plus the fee and the withholding
    /// the customer deducted when received; minus the money when refunded.
    fn settled(&self) -> Decimal {
        let amount = self.amount.get().unwrap_or_default();
        match self.direction.get() {
            PaymentDirection::Received => {
                amount
                    + self.fee.get().unwrap_or_default()
                    + self.withholding.get().unwrap_or_default()
            }
            PaymentDirection::Paid => amount,
            PaymentDirection::Refunded => -amount,
        }
    }

    /// Reads every input, so an effect reruns when any of them changes.
    fn track_inputs(&self) {
        self.partner.track();
        self.direction.track();
        self.date.track();
        self.account.track();
        self.amount.track();
        self.fee.track();
        self.withholding.track();
        self.rows
            .with(|rows| rows.iter().for_each(|row| row.value.track()));
    }

    fn allocated(&self) -> Decimal {
        self.rows
            .with(|rows| rows.iter().filter_map(|r| r.value.get()).sum())
    }

    fn has_input_errors(&self) -> bool {
        self.amount_error.with_untracked(Option::is_some)
            || self.fee_error.with_untracked(Option::is_some)
            || self.withholding_error.with_untracked(Option::is_some)
            || self
                .rows
                .with_untracked(|rows| rows.iter().any(|r| r.error.with_untracked(Option::is_some)))
    }

    /// The input for the core, or why a choice is missing (as the core says it).
    fn input(&self, date: NaiveDate) -> Result<PaymentInput, TradeError> {
        let direction = self.direction.get_untracked();
        let partner = self
            .partner
            .get_untracked()
            .ok_or(TradeError::PartnerNotFound)?;
        let account = self
            .account
            .get_untracked()
            .ok_or(TradeError::NotACashAccount)?;
        let allocations = self.rows.with_untracked(|rows| {
            rows.iter()
                .filter_map(|r| {
                    r.value
                        .get_untracked()
                        .filter(|v| !v.is_zero())
                        .map(|amount| Allocation {
                            document: r.item.document,
                            amount,
                        })
                })
                .collect()
        });
        let withholding = match direction {
            PaymentDirection::Received => self.withholding.get_untracked().unwrap_or_default(),
            PaymentDirection::Paid | PaymentDirection::Refunded => Decimal::ZERO,
        };
        Ok(PaymentInput {
            direction,
            partner,
            date,
            account,
            amount: self.amount.get_untracked().unwrap_or_default(),
            fee: self.fee.get_untracked().unwrap_or_default(),
            withholding,
            allocations,
            memo: self.memo.get_untracked().trim().to_string(),
        })
    }
}

#[component]
pub fn NewPaymentPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let query = use_query_map();
    let param = move |name: &str| query.with_untracked(|q| q.get(name));
    let document = param("document").and_then(|s| s.parse::<RecordId>().ok());
    let direction = param("direction")
        .and_then(|d| routes::direction_from(&d))
        .unwrap_or(PaymentDirection::Received);
    let (amount, withholding) = document.map_or((None, None), |doc| {
        let Prefill {
            amount: a,
            withholding: w,
        } = open
            .book
            .with_untracked(|b| prefill_from(b, doc, direction, today()));
        ((!a.is_zero()).then_some(a), (!w.is_zero()).then_some(w))
    });
    let form = PaymentForm {
        partner: RwSignal::new(param("partner").and_then(|s| s.parse().ok())),
        direction: RwSignal::new(direction),
        date: RwSignal::new(Some(today())),
        date_error: RwSignal::new(None),
        account: RwSignal::new(open.book.with_untracked(default_money_account)),
        amount: RwSignal::new(amount),
        amount_error: RwSignal::new(None),
        fee: RwSignal::new(None),
        fee_error: RwSignal::new(None),
        withholding: RwSignal::new(withholding),
        withholding_error: RwSignal::new(None),
        memo: RwSignal::new(String::new()),
        rows: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
    };
    // The partner's open items, rebuilt when the partner or direction changes.
    let items = Memo::new(move |_| {
        let (partner, direction) = (form.partner.get(), form.direction.get());
        partner.map_or_else(Vec::new, |p| {
            open.book
                .with(|b| open_items_to_settle(b, p, direction, document, today()))
        })
    });
    // The rows' signals belong to the page, not to the effect: a re-run (the
    // book changing as the payment is saved) must not dispose the signals the
    // inputs on screen still read.
    let page = Owner::current().expect("a component has an owner");
    Effect::new(move || {
        let list = items.get();
        let rows = page.with(|| {
            list.into_iter()
                .map(|item| AllocRow {
                    item,
                    value: RwSignal::new(None),
                    error: RwSignal::new(None),
                })
                .collect()
        });
        form.rows.set(rows);
    });
    // Spread what is settled oldest first whenever it (or the list) changes.
    let settled = Memo::new(move |_| form.settled());
    Effect::new(move || {
        let s = settled.get();
        form.rows.with(|rows| fill(rows, s));
    });
    let title = move || (t().pt_payment_title)(form.direction.get());
    view! {
        <div class="kura-page kura-payment" data-testid="payment-page">
            <h1>{title}</h1>
            <PaymentFormView form document />
        </div>
    }
}

#[component]
fn PaymentFormView(form: PaymentForm, document: Option<RecordId>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let error_at = move |field: Field| {
        Signal::derive(move || {
            let locale = i18n.locale();
            form.error.with(|e| match e {
                Some(WriteError::Invalid(e)) if field_of(e) == field => {
                    Some(trade_error(e, locale, currency.get()))
                }
                Some(WriteError::Store(e)) if field == Field::Form => Some(store_error(e, locale)),
                _ => None,
            })
        })
    };
    // A refusal speaks of the figures it was given: once one of them changes,
    // it goes, so a corrected form never shows a stale error.
    Effect::new(move |_| {
        form.track_inputs();
        form.error.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(date) = form.date.get_untracked() else {
            form.date_error
                .set(Some(i18n.t().pt_date_required.to_string()));
            return;
        };
        if form.has_input_errors() || form.date_error.with_untracked(Option::is_some) {
            return;
        }
        let input = match form.input(date) {
            Ok(input) => input,
            Err(e) => return form.error.set(Some(WriteError::Invalid(e))),
        };
        let (direction, partner) = (input.direction, input.partner);
        let (payment_id, entry_id) = (platform::new_id(), platform::new_id());
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = open
                .write(|book, ctx| record_payment(book, input, payment_id, entry_id, ctx))
                .await;
            match result {
                Ok(()) => {
                    let t = i18n.t();
                    toasts.success(match direction {
                        PaymentDirection::Received => t.pt_received_saved,
                        PaymentDirection::Paid => t.pt_paid_saved,
                        PaymentDirection::Refunded => t.pt_refunded_saved,
                    });
                    navigate(
                        &after_save(open.id, partner, document, direction, payment_id),
                        Default::default(),
                    );
                }
                Err(e) => form.error.set(Some(e)),
            }
        });
    };
    let back = move || match (document, form.partner.get()) {
        (Some(doc), _) => BookScreen::Document(doc).path(open.id),
        (None, Some(p)) => BookScreen::Partner(p).path(open.id),
        (None, None) => BookScreen::Receivables.path(open.id),
    };
    view! {
        <form class="kura-form kura-payment__form" on:submit=submit novalidate>
            <p class="kura-error" role="alert" data-testid="payment-error" hidden=move || error_at(Field::Form).with(Option::is_none)>
                {move || error_at(Field::Form).get()}
            </p>
            <HeaderFields form partner_error=error_at(Field::Partner) account_error=error_at(Field::Account) />
            <AmountFields form currency amount_error=error_at(Field::Amount) />
            <FormField label=Signal::derive(move || t().pt_memo.to_string()) id="payment-memo">
                <input id="payment-memo" type="text" autocomplete="off" bind:value=form.memo />
            </FormField>
            <AllocationSection form currency error=error_at(Field::Allocations) />
            <div class="kura-form__actions">
                <a class="kura-button" href=back>{move || t().cancel}</a>
                <button type="submit" class="kura-button kura-button--primary" data-testid="save-payment">
                    {move || t().pt_record}
                </button>
            </div>
        </form>
    }
}

/// Where the user goes after saving: back to the document they came from, or
/// to the partner (which offers the receipt of a received payment).
fn after_save(
    book: RecordId,
    partner: RecordId,
    document: Option<RecordId>,
    direction: PaymentDirection,
    payment: RecordId,
) -> String {
    match (document, direction) {
        (Some(doc), _) => BookScreen::Document(doc).path(book),
        (None, PaymentDirection::Received) => {
            format!(
                "{}?payment={payment}",
                BookScreen::Partner(partner).path(book)
            )
        }
        (None, PaymentDirection::Paid | PaymentDirection::Refunded) => {
            BookScreen::Partner(partner).path(book)
        }
    }
}

#[component]
fn HeaderFields(
    form: PaymentForm,
    partner_error: Signal<Option<String>>,
    account_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let partners = move || {
        let direction = form.direction.get();
        let chosen = form.partner.get();
        open.book.with(|b| {
            b.partners()
                .filter(|p| {
                    let fits = match direction {
                        PaymentDirection::Received | PaymentDirection::Refunded => {
                            p.is_customer
                        }
                        PaymentDirection::Paid => p.is_supplier,
                    };
                    Some(p.id) == chosen || (fits && !p.archived)
                })
                .map(|p| (p.id, p.name.clone()))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=move || form.partner.get() == Some(id)>{name}</option> })
        .collect_view()
    };
    let accounts = move || {
        let locale = i18n.locale();
        open.book.with(|b| {
            money_accounts(b)
                .into_iter()
                .map(|a| (a.id, account_label(a, locale)))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .map(|(id, label)| view! { <option value=id.to_string() selected=move || form.account.get() == Some(id)>{label}</option> })
        .collect_view()
    };
    let direction_option = move |d: PaymentDirection| {
        view! {
            <label class="kura-check">
                <input type="radio" name="payment-direction" value=direction_value(d)
                    data-testid=format!("direction-{}", direction_value(d))
                    prop:checked=move || form.direction.get() == d
                    on:change=move |_| form.direction.set(d) />
                {move || (t().pt_direction_name)(d)}
            </label>
        }
    };
    view! {
        <div class="kura-payment__grid">
            <FormField label=Signal::derive(move || t().pt_partner.to_string()) id="payment-partner" error=partner_error>
                <select id="payment-partner" data-testid="payment-partner"
                    on:change=move |ev| form.partner.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || form.partner.get().is_none()>{move || t().pt_choose_partner}</option>
                    {partners}
                </select>
            </FormField>
            <div class="kura-field" role="radiogroup" aria-labelledby="payment-direction-label">
                <span class="kura-field__label" id="payment-direction-label">{move || t().pt_direction}</span>
                <span class="kura-payment__directions">
                    {direction_option(PaymentDirection::Received)}
                    {direction_option(PaymentDirection::Paid)}
                    {direction_option(PaymentDirection::Refunded)}
                </span>
            </div>
            <FormField label=Signal::derive(move || t().pt_date.to_string()) id="payment-date" error=form.date_error>
                <DateInput id="payment-date" value=form.date error=form.date_error />
            </FormField>
            <FormField label=Signal::derive(move || t().pt_account.to_string()) id="payment-account" error=account_error>
                <select id="payment-account" data-testid="payment-account"
                    on:change=move |ev| form.account.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || form.account.get().is_none()></option>
                    {accounts}
                </select>
            </FormField>
        </div>
    }
}

#[component]
fn AmountFields(
    form: PaymentForm,
    currency: Signal<kura_core::money::Currency>,
    amount_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let typed_error = amount_error_message(form.amount_error);
    let amount_message = Signal::derive(move || typed_error.get().or_else(|| amount_error.get()));
    let received = move || form.direction.get() == PaymentDirection::Received;
    view! {
        <div class="kura-payment__grid">
            <FormField label=Signal::derive(move || (t().pt_amount)(form.direction.get()).to_string())
                id="payment-amount" error=amount_message>
                <AmountInput id="payment-amount" value=form.amount error=form.amount_error currency required=true />
            </FormField>
            <FormField label=Signal::derive(move || t().pt_fee.to_string()) id="payment-fee"
                error=amount_error_message(form.fee_error)
                hint=Signal::derive(move || Some((t().pt_fee_hint)(form.direction.get()).to_string()))>
                <AmountInput id="payment-fee" value=form.fee error=form.fee_error currency />
            </FormField>
            <div hidden=move || !received()>
                <FormField label=Signal::derive(move || t().pt_withholding.to_string()) id="payment-withholding"
                    error=amount_error_message(form.withholding_error)
                    hint=Signal::derive(move || Some(t().pt_withholding_hint.to_string()))>
                    <AmountInput id="payment-withholding" value=form.withholding error=form.withholding_error currency />
                </FormField>
            </div>
        </div>
    }
}

#[component]
fn AllocationSection(
    form: PaymentForm,
    currency: Signal<kura_core::money::Currency>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let check = move || {
        let (allocated, settled) = (form.allocated(), form.settled());
        let locale = i18n.locale();
        let cur = currency.get();
        let text = (t().pt_allocated)(
            &format_money(allocated, cur, locale),
            &format_money(settled, cur, locale),
        );
        let class = if allocated == settled {
            "kura-payment__check kura-payment__check--ok"
        } else {
            "kura-payment__check kura-payment__check--off"
        };
        view! { <p class=class data-testid="allocation-check" aria-live="polite">{text}</p> }
    };
    let rows = move || {
        let locale = i18n.locale();
        form.rows
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let id = format!("allocation-{i}");
                let number = row.item.number.clone();
                let message = amount_error_message(row.error);
                view! {
                    <tr data-testid="allocation-row">
                        <td>
                            <a href=BookScreen::Document(row.item.document).path(open.id)>{number.clone()}</a>
                            " "<span class="kura-muted">{(t().doc_kind_name)(row.item.kind)}</span>
                        </td>
                        <td>{format_date(row.item.date, locale)}</td>
                        <td>
                            {format_date(row.item.due_date, locale)}
                            // A customer's credit is owed by us: never "overdue".
                            {(row.item.days_overdue > 0 && row.item.open > Decimal::ZERO).then(|| view! {
                                " "<span class="kura-badge kura-badge--overdue">{(t().pt_overdue_days)(row.item.days_overdue)}</span>
                            })}
                        </td>
                        <td class="kura-num"><Money amount=row.item.open currency /></td>
                        <td class="kura-num">
                            <label class="kura-visually-hidden" for=id.clone()>{(t().pt_allocate_for)(&number)}</label>
                            <AmountInput id=id.clone() value=row.value error=row.error currency />
                            <p class="kura-field__error" id=format!("{id}-error") role="alert" hidden=move || message.with(Option::is_none)>
                                {move || message.get()}
                            </p>
                            <span id=format!("{id}-hint") hidden></span>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="kura-card kura-payment__allocations" aria-labelledby="allocation-heading">
            <h2 id="allocation-heading">{move || t().pt_allocations}</h2>
            <p class="kura-field__error" role="alert" data-testid="allocation-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <Show
                when=move || !form.rows.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted" data-testid="no-open-items">{move || t().pt_no_open_for_partner}</p> }
            >
                <p class="kura-muted">{move || t().pt_allocations_intro}</p>
                <div class="kura-table-wrap">
                    <table class="kura-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t().pt_col_number}</th>
                                <th scope="col">{move || t().pt_col_date}</th>
                                <th scope="col">{move || t().pt_col_due}</th>
                                <th scope="col" class="kura-table__cell--numeric">{move || t().pt_col_open}</th>
                                <th scope="col" class="kura-table__cell--numeric">{move || t().pt_allocate}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="kura-payment__check-row">
                    {check}
                    <button type="button" class="kura-button" data-testid="refill"
                        on:click=move |_| form.rows.with_untracked(|rows| fill(rows, untrack(|| form.settled())))>
                        {move || t().pt_refill}
                    </button>
                </div>
            </Show>
        </section>
    }
}

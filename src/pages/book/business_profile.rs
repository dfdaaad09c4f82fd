//! `/books/<id>/profile`: the business as its documents show it — address,
//! registration number, the bank account for transfers, how document tax is
//! rounded, where withheld income tax is booked, the default invoice note, and
//! the logo and seal images.
//!
//! A chosen image is checked by the core (`profile_image`) as soon as it is
//! picked, shown from its bytes, and saved with the profile: the profile, the
//! image's record and its bytes in one transaction, the image it replaces
//! deleted with its bytes (a logo is not evidence; nothing keeps it).

use kura_core::book::{
    profile_image, Attachment, AttachmentError, Book, RecordKey, RecordKind, WriteCtx,
    MAX_PROFILE_IMAGE_BYTES,
};
use kura_core::ids::RecordId;
use kura_core::locale::format_bytes;
use kura_core::money::Rounding;
use kura_core::sync::{Change, ChangeSet};
use kura_core::trade::{
    save_business_profile, BankAccountKind, BankDetails, BusinessProfile, PartnerError,
    WithholdingBooking,
};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{File, HtmlInputElement, Url};

use crate::app::{use_open_book, AttachmentBytes, WriteError};
use crate::components::{bytes_url, use_toasts, DeviceSeriesNote, FormField, StoredImage};
use crate::i18n::{attachment_error, partner_error, store_error, use_i18n, Messages};
use crate::platform;
use crate::routes::BookScreen;

/// An image slot (logo or seal) on the form.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    /// As stored (an attachment id or none).
    Stored(Option<RecordId>),
    /// Picked on this form, not yet saved: its record, bytes and preview URL.
    Chosen {
        record: Attachment,
        bytes: Vec<u8>,
        url: String,
    },
    /// Removed on this form.
    Cleared,
}

impl Slot {
    /// The attachment id the saved profile will name.
    fn saved_id(&self) -> Option<RecordId> {
        match self {
            Slot::Stored(id) => *id,
            Slot::Chosen { record, .. } => Some(record.id),
            Slot::Cleared => None,
        }
    }

    fn revoke(&self) {
        if let Slot::Chosen { url, .. } = self {
            let _ = Url::revoke_object_url(url);
        }
    }
}

/// The changes that make a slot's choice stick: the new image's record, and
/// the deletion of the stored one it replaces (the app erases its bytes).
fn slot_changes(stored: Option<RecordId>, slot: &Slot) -> Vec<Change> {
    let mut changes = Vec::new();
    if let (Some(old), false) = (stored, matches!(slot, Slot::Stored(_))) {
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id: old,
        };
        changes.push(Change::Delete { key });
    }
    if let Slot::Chosen { record, .. } = slot {
        let record = kura_core::book::Record::Attachment(record.clone());
        changes.push(Change::Put { record });
    }
    changes
}

fn empty_profile(book_id: RecordId) -> BusinessProfile {
    BusinessProfile {
        book_id,
        postal_code: String::new(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        registration_number: None,
        bank: BankDetails::default(),
        tax_rounding: Rounding::default(),
        withholding_booking: WithholdingBooking::default(),
        logo: None,
        seal: None,
        invoice_note: String::new(),
        small_purchase_relief: false,
    }
}

#[component]
pub fn BusinessProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let profile = Memo::new(move |_| {
        open.book
            .with(|b| b.business_profile().cloned())
            .unwrap_or_else(|| empty_profile(open.id))
    });
    let name = Memo::new(move |_| open.book.with(|b| b.settings().map(|s| s.name.clone())));
    let settings_href = BookScreen::Settings.path(open.id);
    view! {
        <div class="kura-page">
            <section class="kura-card">
                <h1>{move || t().bp_title}</h1>
                <p class="kura-muted">{move || t().bp_intro}</p>
                <dl class="kura-facts">
                    <dt>{move || t().bp_name}</dt>
                    <dd data-testid="profile-name">
                        {move || name.get()}" "
                        <a href=settings_href>{move || t().bp_name_change}</a>
                    </dd>
                </dl>
                // Rebuilt when the stored profile changes (here or in another tab),
                // so the form never saves values older than what is stored.
                {move || view! { <ProfileForm initial=profile.get() /> }}
            </section>
            <section class="kura-card">
                <h2>{move || t().series_heading}</h2>
                <DeviceSeriesNote device=open.device() />
            </section>
        </div>
    }
}

/// The profile as typed (text fields as signals).
#[derive(Clone, Copy)]
struct Fields {
    postal_code: RwSignal<String>,
    address: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    registration: RwSignal<String>,
    /// The user keeps a number whose check digit does not match.
    check_digit_confirmed: RwSignal<bool>,
    small_purchase_relief: RwSignal<bool>,
    bank_name: RwSignal<String>,
    branch_name: RwSignal<String>,
    account_kind: RwSignal<BankAccountKind>,
    account_number: RwSignal<String>,
    holder: RwSignal<String>,
    rounding: RwSignal<Rounding>,
    withholding: RwSignal<WithholdingBooking>,
    note: RwSignal<String>,
}

impl Fields {
    fn new(p: &BusinessProfile) -> Fields {
        let text = |s: &str| RwSignal::new(s.to_string());
        Fields {
            postal_code: text(&p.postal_code),
            address: text(&p.address),
            phone: text(&p.phone),
            email: text(&p.email),
            registration: text(
                p.registration_number
                    .as_ref()
                    .map_or("", |number| number.as_str()),
            ),
            check_digit_confirmed: RwSignal::new(
                p.registration_number
                    .as_ref()
                    .is_some_and(|n| !n.check_digit_matches()),
            ),
            small_purchase_relief: RwSignal::new(p.small_purchase_relief),
            bank_name: text(&p.bank.bank_name),
            branch_name: text(&p.bank.branch_name),
            account_kind: RwSignal::new(p.bank.account_kind),
            account_number: text(&p.bank.account_number),
            holder: text(&p.bank.holder),
            rounding: RwSignal::new(p.tax_rounding),
            withholding: RwSignal::new(p.withholding_booking),
            note: text(&p.invoice_note),
        }
    }

    /// The profile to save; the registration number goes to the core as typed.
    fn profile(&self, base: &BusinessProfile, logo: &Slot, seal: &Slot) -> BusinessProfile {
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        BusinessProfile {
            book_id: base.book_id,
            postal_code: get(self.postal_code),
            address: get(self.address),
            phone: get(self.phone),
            email: get(self.email),
            registration_number: base.registration_number.clone(),
            bank: BankDetails {
                bank_name: get(self.bank_name),
                branch_name: get(self.branch_name),
                account_kind: self.account_kind.get_untracked(),
                account_number: get(self.account_number),
                holder: get(self.holder),
            },
            tax_rounding: self.rounding.get_untracked(),
            withholding_booking: self.withholding.get_untracked(),
            logo: logo.saved_id(),
            seal: seal.saved_id(),
            invoice_note: self.note.get_untracked().trim().to_string(),
            small_purchase_relief: self.small_purchase_relief.get_untracked(),
        }
    }
}

/// Why the profile was not saved: the registration number, or the store.
#[derive(Clone, Debug, PartialEq)]
enum SaveError {
    Invalid(PartnerError),
    Store(String),
}

#[component]
fn ProfileForm(initial: BusinessProfile) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let t = move || i18n.t();
    let fields = Fields::new(&initial);
    let logo = RwSignal::new(Slot::Stored(initial.logo));
    let seal = RwSignal::new(Slot::Stored(initial.seal));
    on_cleanup(move || {
        logo.with_untracked(Slot::revoke);
        seal.with_untracked(Slot::revoke);
    });
    let error = RwSignal::new(None::<SaveError>);
    let busy = RwSignal::new(false);
    let registration_error = Signal::derive(move || match error.get() {
        Some(SaveError::Invalid(e)) => Some(partner_error(&e, i18n.locale())),
        _ => None,
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (logo_slot, seal_slot) = (logo.get_untracked(), seal.get_untracked());
        let profile = fields.profile(&initial, &logo_slot, &seal_slot);
        let typed = fields.registration.get_untracked();
        let confirmed = fields.check_digit_confirmed.get_untracked();
        let (stored_logo, stored_seal) = (initial.logo, initial.seal);
        busy.set(true);
        spawn_local(async move {
            let mut images = slot_changes(stored_logo, &logo_slot);
            images.extend(slot_changes(stored_seal, &seal_slot));
            let files: Vec<AttachmentBytes> = [&logo_slot, &seal_slot]
                .into_iter()
                .filter_map(|slot| match slot {
                    Slot::Chosen { record, bytes, .. } => Some(AttachmentBytes {
                        id: record.id,
                        bytes,
                    }),
                    _ => None,
                })
                .collect();
            let make = |book: &Book, ctx: WriteCtx| -> Result<ChangeSet, PartnerError> {
                let mut set = save_business_profile(book, profile, &typed, confirmed, ctx)?;
                set.changes.extend(images);
                Ok(set)
            };
            let locale = i18n.locale.get_untracked();
            match open.write_with_attachments(make, &files).await {
                Ok(()) => {
                    error.set(None);
                    toasts.success(i18n.t().saved.to_string());
                }
                Err(WriteError::Invalid(e)) => error.set(Some(SaveError::Invalid(e))),
                Err(WriteError::Store(e)) => {
                    error.set(Some(SaveError::Store(store_error(&e, locale))))
                }
            }
            busy.set(false);
        });
    };

    let label =
        |f: fn(&'static Messages) -> &'static str| Signal::derive(move || f(i18n.t()).to_string());
    let hint = |f: fn(&'static Messages) -> &'static str| {
        Signal::derive(move || Some(f(i18n.t()).to_string()))
    };
    let store_failure = move || match error.get() {
        Some(SaveError::Store(message)) => Some(message),
        _ => None,
    };
    view! {
        <form class="kura-form kura-profile" on:submit=submit novalidate>
            <FormField label=label(|t| t.bp_postal_code) id="profile-postal-code">
                <input id="profile-postal-code" type="text" class="kura-input--short"
                    autocomplete="postal-code" bind:value=fields.postal_code />
            </FormField>
            <FormField label=label(|t| t.bp_address) id="profile-address">
                <textarea id="profile-address" rows="2" autocomplete="street-address"
                    bind:value=fields.address></textarea>
            </FormField>
            <FormField label=label(|t| t.bp_phone) id="profile-phone">
                <input id="profile-phone" type="tel" autocomplete="tel" bind:value=fields.phone />
            </FormField>
            <FormField label=label(|t| t.bp_email) id="profile-email">
                <input id="profile-email" type="email" autocomplete="email" bind:value=fields.email />
            </FormField>
            <FormField label=label(|t| t.bp_registration) id="profile-registration"
                hint=hint(|t| t.bp_registration_hint) error=registration_error>
                <input id="profile-registration" type="text" autocomplete="off" spellcheck="false"
                    aria-invalid=move || registration_error.get().is_some().to_string()
                    aria-describedby=crate::components::described_by("profile-registration")
                    bind:value=fields.registration />
            </FormField>
            {move || {
                let warned = matches!(error.get(), Some(SaveError::Invalid(PartnerError::RegistrationCheckDigit)));
                (warned || fields.check_digit_confirmed.get()).then(|| view! {
                    <label class="kura-check">
                        <input type="checkbox" data-testid="profile-check-digit-confirmed"
                            bind:checked=fields.check_digit_confirmed />
                        {move || t().pt_check_digit_confirm}
                    </label>
                })
            }}

            <fieldset class="kura-profile__group">
                <legend>{move || t().bp_bank_heading}</legend>
                <FormField label=label(|t| t.bp_bank_name) id="profile-bank">
                    <input id="profile-bank" type="text" autocomplete="off" bind:value=fields.bank_name />
                </FormField>
                <FormField label=label(|t| t.bp_branch_name) id="profile-branch">
                    <input id="profile-branch" type="text" autocomplete="off" bind:value=fields.branch_name />
                </FormField>
                <FormField label=label(|t| t.bp_account_kind) id="profile-account-kind">
                    {choice("profile-account-kind", fields.account_kind,
                        &[BankAccountKind::Ordinary, BankAccountKind::Checking], |t| t.bp_account_kind_name)}
                </FormField>
                <FormField label=label(|t| t.bp_account_number) id="profile-account-number">
                    <input id="profile-account-number" type="text" inputmode="numeric" class="kura-input--short"
                        autocomplete="off" bind:value=fields.account_number />
                </FormField>
                <FormField label=label(|t| t.bp_holder) id="profile-holder">
                    <input id="profile-holder" type="text" autocomplete="off" bind:value=fields.holder />
                </FormField>
            </fieldset>

            <fieldset class="kura-profile__group">
                <legend>{move || t().bp_documents_heading}</legend>
                <FormField label=label(|t| t.bp_rounding) id="profile-rounding" hint=hint(|t| t.bp_rounding_hint)>
                    {choice("profile-rounding", fields.rounding,
                        &[Rounding::Down, Rounding::HalfUp, Rounding::Up], |t| t.bp_rounding_name)}
                </FormField>
                <FormField label=label(|t| t.bp_withholding_booking) id="profile-withholding">
                    {choice("profile-withholding", fields.withholding,
                        &[WithholdingBooking::OwnerDrawings, WithholdingBooking::PrepaidTax],
                        |t| t.bp_withholding_booking_name)}
                </FormField>
                <FormField label=label(|t| t.bp_small_purchase_relief) id="profile-small-purchase-relief"
                    hint=hint(|t| t.bp_small_purchase_relief_hint)>
                    <label class="kura-check">
                        <input type="checkbox" id="profile-small-purchase-relief" data-testid="profile-small-purchase-relief"
                            bind:checked=fields.small_purchase_relief />
                        {move || t().bp_small_purchase_relief_check}
                    </label>
                </FormField>
                <FormField label=label(|t| t.bp_invoice_note) id="profile-note" hint=hint(|t| t.bp_invoice_note_hint)>
                    <textarea id="profile-note" rows="2" bind:value=fields.note></textarea>
                </FormField>
            </fieldset>

            <fieldset class="kura-profile__group">
                <legend>{move || t().bp_images_heading}</legend>
                <p class="kura-muted">{move || (t().bp_image_hint)(&format_bytes(MAX_PROFILE_IMAGE_BYTES))}</p>
                <div class="kura-profile__images">
                    <ImageSlot image=logo name="logo" label=label(|t| t.bp_logo) />
                    <ImageSlot image=seal name="seal" label=label(|t| t.bp_seal) />
                </div>
            </fieldset>

            <p class="kura-error" role="alert" hidden=move || store_failure().is_none()>{store_failure}</p>
            <div class="kura-form__actions">
                <button type="submit" class="kura-button kura-button--primary" data-testid="save-profile"
                    disabled=move || busy.get()>
                    {move || t().save}
                </button>
            </div>
        </form>
    }
}

/// A select over a few values of an enum, each named by `name`.
fn choice<T>(
    id: &'static str,
    value: RwSignal<T>,
    options: &'static [T],
    name: fn(&'static Messages) -> fn(T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let index = move || {
        let current = value.get();
        options
            .iter()
            .position(|o| *o == current)
            .unwrap_or(0)
            .to_string()
    };
    let pick = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<usize>().ok();
        if let Some(option) = chosen.and_then(|i| options.get(i)) {
            value.set(*option);
        }
    };
    view! {
        <select id=id data-testid=id prop:value=index on:change=pick>
            {options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let option = *option;
                    view! { <option value=i.to_string()>{move || name(i18n.t())(option)}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The record and preview of a picked image, or why it cannot be used.
async fn choose_image(book_id: RecordId, file: File) -> Result<Slot, Option<AttachmentError>> {
    // The size first, so a huge file is refused without reading it.
    let size = file.size() as u64;
    if size > MAX_PROFILE_IMAGE_BYTES {
        let max = MAX_PROFILE_IMAGE_BYTES;
        return Err(Some(AttachmentError::TooLarge { size, max }));
    }
    let bytes = platform::blob_bytes(&file).await.ok_or(None)?;
    let record = profile_image(book_id, platform::new_id(), &file.name(), &bytes).map_err(Some)?;
    let url = bytes_url(&bytes, record.media_type.mime()).ok_or(None)?;
    Ok(Slot::Chosen { record, bytes, url })
}

/// One image: its preview, a button to choose another, one to remove it.
#[component]
fn ImageSlot(image: RwSignal<Slot>, name: &'static str, label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let input = NodeRef::<Input>::new();
    let error = RwSignal::new(None::<String>);
    let input_id = format!("profile-{name}-input");
    let on_change = move |ev: leptos::ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let file = platform::chosen_file(&target);
        target.set_value("");
        let Some(file) = file else { return };
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            match choose_image(open.id, file).await {
                Ok(chosen) => {
                    image.with_untracked(Slot::revoke);
                    image.set(chosen);
                    error.set(None);
                }
                Err(Some(e)) => error.set(Some(attachment_error(&e, locale))),
                Err(None) => error.set(Some(
                    crate::i18n::messages(locale).att_read_failed.to_string(),
                )),
            }
        });
    };
    let choose = move |_| {
        if let Some(input) = input.get() {
            input.click();
        }
    };
    let remove = move |_| {
        image.with_untracked(Slot::revoke);
        image.set(Slot::Cleared);
    };
    let preview = move || match image.get() {
        Slot::Stored(Some(id)) => {
            view! { <StoredImage id class="kura-profile__preview" alt=label.get() /> }.into_any()
        }
        Slot::Chosen { url, .. } => view! {
            <img class="kura-profile__preview" src=url alt=label.get() />
            <span class="kura-muted">{t().bp_image_pending}</span>
        }
        .into_any(),
        Slot::Stored(None) | Slot::Cleared => {
            view! { <span class="kura-muted kura-profile__none">{t().bp_image_none}</span> }
                .into_any()
        }
    };
    let has_image = move || image.with(|s| s.saved_id().is_some());
    view! {
        <div class="kura-profile__image" data-testid=format!("profile-{name}")>
            <span class="kura-field__label">{move || label.get()}</span>
            <div class="kura-profile__frame">{preview}</div>
            <div class="kura-profile__image-actions">
                <button type="button" class="kura-button" data-testid=format!("profile-{name}-choose") on:click=choose>
                    {move || t().bp_image_choose}
                </button>
                <button type="button" class="kura-button" data-testid=format!("profile-{name}-remove")
                    hidden=move || !has_image() on:click=remove>
                    {move || t().bp_image_remove}
                </button>
            </div>
            <input type="file" id=input_id class="kura-visually-hidden" tabindex="-1" accept="image/png,image/jpeg"
                aria-label=move || label.get() data-testid=format!("profile-{name}-input")
                node_ref=input on:change=on_change />
            <p class="kura-field__error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

//! "Kura partners CSV v2": one row per partner. Columns, in this order: name,
//! reading, customer (1/0), supplier (1/0), honorific (company/person),
//! postal code, address, contact, email, phone, registration number,
//! registered issuer (1/0), registered from (登録年月日), registered until
//! (失効年月日), notes. Payment terms, price basis and bank details are not in
//! the layout: an imported partner gets the defaults, as a new one on the form.
//!
//! v2 added the two registration dates (a bill is judged by the registration in
//! force on its date, so a list moved between books must keep them). A v1 file
//! (without them) still imports: columns are mapped by their header names, and
//! a missing date is "unknown", as on the form.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::common::{flag, header, import_rows, parse_date, write, Cells, Import};
use crate::book::Book;
use crate::files::table::{ColumnMapping, Field, Table};
use crate::files::text::TextEncoding;
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::RecordId;
use crate::locale::Locale;
use crate::reports::fold_text;
use crate::trade::{save_partner, Honorific, Partner, PartnerInput};

/// A column of the partners layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerField {
    Name,
    Reading,
    Customer,
    Supplier,
    Honorific,
    PostalCode,
    Address,
    Contact,
    Email,
    Phone,
    RegistrationNumber,
    RegisteredIssuer,
    RegisteredFrom,
    RegisteredUntil,
    Notes,
}

/// Every column, in the layout's order.
pub const PARTNER_FIELDS: [PartnerField; 15] = [
    PartnerField::Name,
    PartnerField::Reading,
    PartnerField::Customer,
    PartnerField::Supplier,
    PartnerField::Honorific,
    PartnerField::PostalCode,
    PartnerField::Address,
    PartnerField::Contact,
    PartnerField::Email,
    PartnerField::Phone,
    PartnerField::RegistrationNumber,
    PartnerField::RegisteredIssuer,
    PartnerField::RegisteredFrom,
    PartnerField::RegisteredUntil,
    PartnerField::Notes,
];

impl Field for PartnerField {
    fn header_names(self) -> &'static [&'static str] {
        use PartnerField::*;
        match self {
            Name => &["取引先名", "Name", "名称", "取引先", "会社名"],
            Reading => &["フリガナ", "Reading", "よみがな", "カナ"],
            Customer => &["得意先", "Customer"],
            Supplier => &["仕入先", "Supplier"],
            Honorific => &["敬称", "Honorific"],
            PostalCode => &["郵便番号", "Postal code", "〒"],
            Address => &["住所", "Address"],
            Contact => &["担当者", "Contact"],
            Email => &["メールアドレス", "Email", "メール", "e-mail"],
            Phone => &["電話番号", "Phone", "電話", "TEL"],
            RegistrationNumber => &["登録番号", "Registration number", "インボイス登録番号"],
            RegisteredIssuer => &["適格請求書発行事業者", "Registered issuer"],
            RegisteredFrom => &["登録年月日", "Registered from", "登録日"],
            RegisteredUntil => &["失効年月日", "Registered until", "失効日", "取消年月日"],
            Notes => &["備考", "Notes", "メモ"],
        }
    }

    fn required(self) -> bool {
        self == PartnerField::Name
    }

    fn name(self) -> &'static str {
        use PartnerField::*;
        match self {
            Name => "name",
            Reading => "reading",
            Customer => "customer",
            Supplier => "supplier",
            Honorific => "honorific",
            PostalCode => "postal_code",
            Address => "address",
            Contact => "contact",
            Email => "email",
            Phone => "phone",
            RegistrationNumber => "registration_number",
            RegisteredIssuer => "registered_issuer",
            RegisteredFrom => "registered_from",
            RegisteredUntil => "registered_until",
            Notes => "notes",
        }
    }
}

/// The live partners, in the order of the partner list.
pub fn export_partners(
    book: &Book,
    locale: Locale,
    encoding: TextEncoding,
) -> Result<Vec<u8>, Problem> {
    let mut partners: Vec<&Partner> = book.partners().filter(|p| !p.archived).collect();
    partners.sort_by_key(|p| (p.sort_key(), p.id));
    let mut rows = vec![header(&PARTNER_FIELDS, locale)];
    rows.extend(partners.into_iter().map(|p| {
        vec![
            p.name.clone(),
            p.reading.clone(),
            flag(p.is_customer),
            flag(p.is_supplier),
            honorific_text(p.honorific).to_string(),
            p.postal_code.clone(),
            p.address.clone(),
            p.contact.clone(),
            p.email.clone(),
            p.phone.clone(),
            p.registration_number
                .as_ref()
                .map_or(String::new(), |n| n.as_str().to_string()),
            flag(p.registered_issuer),
            date_text(p.registered_from),
            date_text(p.registered_until),
            p.notes.clone(),
        ]
    }));
    write(&rows, encoding)
}

/// A date as the layout writes it (ISO), empty when unknown.
fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or(String::new(), |d| d.to_string())
}

fn honorific_text(honorific: Honorific) -> &'static str {
    match honorific {
        Honorific::Company => "company",
        Honorific::Person => "person",
    }
}

fn parse_honorific(text: &str) -> Result<Honorific, ProblemKind> {
    match fold_text(text.trim()).as_str() {
        "company" | "御中" => Ok(Honorific::Company),
        "person" | "様" => Ok(Honorific::Person),
        _ => Err(ProblemKind::UnknownValue {
            text: text.to_string(),
        }),
    }
}

/// Every row as a new partner, checked by the partner form's own command. A
/// name the book (or an earlier row) already has is a problem: importing the
/// same list twice must not double it.
pub fn import_partners(
    book: &Book,
    table: &Table,
    mapping: &ColumnMapping<PartnerField>,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let names: HashSet<String> = book
        .partners()
        .filter(|p| !p.archived)
        .map(|p| fold_text(&p.name))
        .collect();
    import_rows(
        (table, mapping, &PARTNER_FIELDS),
        names,
        (PartnerField::Name, |input: &PartnerInput| {
            input.name.as_str()
        }),
        read_partner,
        |input, ctx| save_partner(book, ids(), input, ctx),
    )
}

/// A row as the partner form would submit it, or `None` after noting problems.
fn read_partner(cells: &mut Cells<'_, PartnerField>) -> Option<PartnerInput> {
    use PartnerField::*;
    let before = cells.problems.len();
    let name = cells.required(Name)?;
    let is_customer = cells.flag(Customer, true);
    let is_supplier = cells.flag(Supplier, true);
    let honorific = cells.optional(Honorific, parse_honorific);
    let registered_from = cells.optional(RegisteredFrom, parse_date);
    let registered_until = cells.optional(RegisteredUntil, parse_date);
    let input = PartnerInput {
        name,
        reading: cells.text(Reading).to_string(),
        is_customer,
        is_supplier,
        honorific: honorific.ok()?.unwrap_or_default(),
        postal_code: cells.text(PostalCode).to_string(),
        address: cells.text(Address).to_string(),
        contact: cells.text(Contact).to_string(),
        email: cells.text(Email).to_string(),
        phone: cells.text(Phone).to_string(),
        registration_number: cells.text(RegistrationNumber).to_string(),
        registered_issuer: cells.flag(RegisteredIssuer, false),
        registered_from: registered_from.ok()?,
        registered_until: registered_until.ok()?,
        notes: cells.text(Notes).to_string(),
        ..PartnerInput::default()
    };
    (cells.problems.len() == before).then_some(input)
}

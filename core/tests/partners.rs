//! Partners (取引先): registration numbers are read as people type them and
//! their check digit is verified; payment terms give the due dates Japanese
//! businesses expect; a partner is saved only when valid; search finds a name
//! by its reading however the kana were typed.

mod fixtures;

use fixtures::{date, Ledger};
use kura_core::book::{Record, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::{Change, HlcClock};
use kura_core::trade::{
    save_partner, search_partners, Partner, PartnerError, PartnerInput, PaymentTerms,
    RegistrationNumber, MAX_PARTNER_NAME_CHARS,
};

/// 国税庁's corporate number, as its registration number.
const NTA: &str = "T7000012050002";

fn parse(text: &str) -> Result<String, PartnerError> {
    RegistrationNumber::parse(text).map(|n| n.as_str().to_string())
}

#[test]
fn a_valid_registration_number_is_accepted_however_it_is_typed() {
    for typed in [
        "T7000012050002",
        "t7000012050002",
        "Ｔ７００００１２０５０００２",
        "T7-0000-1205-0002",
        " T 7000 0120 50002 ",
        "Ｔ７－００００－１２０５－０００２",
        "T7ー0000ー1205ー0002",
    ] {
        assert_eq!(parse(typed), Ok(NTA.to_string()), "{typed}");
    }
    // 国立国会図書館 (5000012010024) and a check digit of 9 (computed: 000000000000
    // weighs 0, so 9 − 0 = 9).
    assert_eq!(parse("T5000012010024"), Ok("T5000012010024".into()));
    assert_eq!(parse("T9000000000000"), Ok("T9000000000000".into()));
}

#[test]
fn a_typo_is_caught_by_the_check_digit() {
    // One digit changed, two digits swapped, a wrong check digit.
    for typed in ["T7000012050003", "T7000012500002", "T6000012050002"] {
        assert_eq!(
            parse(typed),
            Err(PartnerError::RegistrationCheckDigit),
            "{typed}"
        );
    }
}

#[test]
fn a_number_of_the_wrong_shape_is_a_format_error() {
    for typed in [
        "",
        "7000012050002",
        "T700001205000",
        "T70000120500021",
        "X7000012050002",
        "T70000120500O2",
        "TT7000012050002",
    ] {
        assert_eq!(
            parse(typed),
            Err(PartnerError::RegistrationFormat),
            "{typed:?}"
        );
    }
}

#[test]
fn a_stored_number_is_read_by_its_shape_as_the_user_confirmed_it() {
    let good: Result<RegistrationNumber, _> = serde_json::from_str("\"T7000012050002\"");
    assert_eq!(good.map(|n| n.as_str().to_string()).ok(), Some(NTA.into()));
    // A check digit the user confirmed is kept; its mismatch is still known.
    let confirmed: RegistrationNumber = serde_json::from_str("\"T7000012050003\"").unwrap();
    assert!(!confirmed.check_digit_matches());
    for bad in [
        "\"T700001205000\"",
        "\"7000012050002\"",
        "\"T70000120500O2\"",
    ] {
        let read: Result<RegistrationNumber, _> = serde_json::from_str(bad);
        assert!(read.is_err(), "{bad}");
    }
}

fn monthly(closing_day: Option<u8>, months_later: u8, pay_day: Option<u8>) -> PaymentTerms {
    PaymentTerms::MonthlyClosing {
        closing_day,
        months_later,
        pay_day,
    }
}

#[test]
fn end_of_month_closing_is_paid_at_the_end_of_the_next_month() {
    let terms = monthly(None, 1, None);
    assert_eq!(terms, PaymentTerms::default());
    assert_eq!(terms.due_date(date("2026-01-01")), date("2026-02-28"));
    assert_eq!(terms.due_date(date("2026-01-31")), date("2026-02-28"));
    assert_eq!(terms.due_date(date("2026-02-10")), date("2026-03-31"));
    assert_eq!(terms.due_date(date("2026-12-15")), date("2027-01-31"));
}

#[test]
fn closing_on_the_20th_is_paid_on_the_10th_of_the_next_month() {
    let terms = monthly(Some(20), 1, Some(10));
    // On or before the 20th: this month's closing.
    assert_eq!(terms.due_date(date("2026-03-05")), date("2026-04-10"));
    assert_eq!(terms.due_date(date("2026-03-20")), date("2026-04-10"));
    // After it: next month's closing.
    assert_eq!(terms.due_date(date("2026-03-21")), date("2026-05-10"));
    assert_eq!(terms.due_date(date("2026-12-25")), date("2027-02-10"));
}

#[test]
fn a_paying_day_the_month_lacks_is_its_last_day() {
    let terms = monthly(None, 1, Some(31));
    assert_eq!(terms.due_date(date("2026-01-15")), date("2026-02-28"));
    assert_eq!(terms.due_date(date("2028-01-15")), date("2028-02-29"));
    assert_eq!(terms.due_date(date("2026-02-15")), date("2026-03-31"));
    // Paying in the closing month, on a day before the closing: not before it.
    assert_eq!(
        monthly(Some(20), 0, Some(10)).due_date(date("2026-03-15")),
        date("2026-03-20")
    );
}

#[test]
fn net_days_count_from_the_document_date() {
    let terms = PaymentTerms::NetDays { days: 30 };
    assert_eq!(terms.due_date(date("2026-01-15")), date("2026-02-14"));
    assert_eq!(terms.due_date(date("2026-12-10")), date("2027-01-09"));
}

fn ctx(n: u64) -> WriteCtx {
    WriteCtx {
        set_id: RecordId::from_parts(1_760_000_000_000 + n, 5),
        stamp: HlcClock::new(DeviceId(RecordId::from_parts(3, 3))).tick(1_760_000_000_000 + n),
    }
}

fn input(name: &str) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        is_customer: true,
        ..PartnerInput::default()
    }
}

/// Saves through the command and returns the partner it wrote.
fn saved(book: &kura_core::book::Book, input: PartnerInput) -> Result<Partner, PartnerError> {
    let set = save_partner(book, RecordId::from_parts(9, 9), input, ctx(1))?;
    match set.changes.as_slice() {
        [Change::Put {
            record: Record::Partner(p),
        }] => Ok(p.clone()),
        other => panic!("one partner put, got {other:?}"),
    }
}

#[test]
fn a_partner_is_saved_trimmed_with_its_number_normalised() {
    let l = Ledger::empty(1);
    let p = saved(
        &l.book,
        PartnerInput {
            reading: " ヤマダショウジ ".into(),
            registration_number: "Ｔ７０００－０１２０－５０００２".into(),
            registered_issuer: true,
            payment_terms: monthly(Some(20), 1, Some(10)),
            ..input("  山田商事株式会社 ")
        },
    )
    .expect("saved");
    assert_eq!(p.name, "山田商事株式会社");
    assert_eq!(p.reading, "ヤマダショウジ");
    assert_eq!(
        p.registration_number.as_ref().map(|n| n.as_str()),
        Some(NTA)
    );
    assert!(p.registered_issuer);
    // A blank number is no number.
    let p = saved(&l.book, input("現金客")).expect("saved");
    assert_eq!(p.registration_number, None);
}

#[test]
fn a_check_digit_mismatch_is_saved_once_the_user_confirms_the_number() {
    // The check digit of individuals' numbers is not confirmed by a public
    // source: a mismatch warns, and the user may keep the number as typed.
    let l = Ledger::empty(1);
    let typed = PartnerInput {
        registration_number: "T1234567890123".into(),
        registered_issuer: true,
        ..input("個人事業主")
    };
    assert_eq!(
        saved(&l.book, typed.clone()).err(),
        Some(PartnerError::RegistrationCheckDigit)
    );
    let p = saved(
        &l.book,
        PartnerInput {
            check_digit_confirmed: true,
            ..typed
        },
    )
    .expect("saved as typed");
    assert_eq!(
        p.registration_number.as_ref().map(|n| n.as_str()),
        Some("T1234567890123")
    );
    // The wrong shape is never confirmable.
    assert_eq!(
        saved(
            &l.book,
            PartnerInput {
                registration_number: "T12345".into(),
                check_digit_confirmed: true,
                ..input("短い")
            }
        )
        .err(),
        Some(PartnerError::RegistrationFormat)
    );
}

#[test]
fn the_registration_is_in_force_from_its_date_until_it_ends() {
    let l = Ledger::empty(1);
    let p = saved(
        &l.book,
        PartnerInput {
            registration_number: NTA.into(),
            registered_issuer: true,
            registered_from: Some(date("2023-10-01")),
            registered_until: Some(date("2026-04-01")),
            ..input("登録を取りやめた仕入先")
        },
    )
    .unwrap();
    assert!(!p.is_registered_on(date("2023-09-30")));
    assert!(p.is_registered_on(date("2023-10-01")));
    assert!(p.is_registered_on(date("2026-03-31")));
    assert!(!p.is_registered_on(date("2026-04-01")));
    // Dates out of order, or without a registration, are refused.
    let refused = |i: PartnerInput| saved(&l.book, i).err();
    assert_eq!(
        refused(PartnerInput {
            registration_number: NTA.into(),
            registered_issuer: true,
            registered_from: Some(date("2026-04-01")),
            registered_until: Some(date("2026-04-01")),
            ..input("逆順")
        }),
        Some(PartnerError::RegistrationEndsBeforeItStarts {
            from: date("2026-04-01"),
            until: date("2026-04-01")
        })
    );
    assert_eq!(
        refused(PartnerInput {
            registered_from: Some(date("2026-04-01")),
            ..input("未登録")
        }),
        Some(PartnerError::RegistrationDatesWithoutRegistration)
    );
    // A partner stored before the dates existed is registered on every date.
    let old: Partner = serde_json::from_value(serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000009", "name": "古い記録",
        "is_customer": false, "is_supplier": true,
        "registration_number": NTA, "registered_issuer": true
    }))
    .unwrap();
    assert!(old.is_registered_on(date("2019-01-01")));
}

#[test]
fn a_partner_with_a_problem_is_refused_naming_it() {
    let l = Ledger::empty(1);
    let refused = |i: PartnerInput| saved(&l.book, i).err();
    assert_eq!(refused(input("   ")), Some(PartnerError::BlankName));
    let long = "あ".repeat(MAX_PARTNER_NAME_CHARS + 1);
    assert_eq!(
        refused(input(&long)),
        Some(PartnerError::NameTooLong {
            max: MAX_PARTNER_NAME_CHARS
        })
    );
    assert!(saved(&l.book, input(&"あ".repeat(MAX_PARTNER_NAME_CHARS))).is_ok());
    assert_eq!(
        refused(PartnerInput {
            is_customer: false,
            ..input("誰でもない")
        }),
        Some(PartnerError::NoRole)
    );
    assert!(saved(
        &l.book,
        PartnerInput {
            is_customer: false,
            is_supplier: true,
            ..input("仕入先")
        }
    )
    .is_ok());
    assert_eq!(
        refused(PartnerInput {
            registration_number: "T7000012050003".into(),
            ..input("誤記")
        }),
        Some(PartnerError::RegistrationCheckDigit)
    );
    assert_eq!(
        refused(PartnerInput {
            registration_number: "7000012050002".into(),
            ..input("Tなし")
        }),
        Some(PartnerError::RegistrationFormat)
    );
    assert_eq!(
        refused(PartnerInput {
            registered_issuer: true,
            ..input("番号なし")
        }),
        Some(PartnerError::RegisteredWithoutNumber)
    );
    for terms in [monthly(Some(29), 1, None), monthly(None, 1, Some(0))] {
        assert_eq!(
            refused(PartnerInput {
                payment_terms: terms,
                ..input("三十日締め")
            }),
            Some(PartnerError::InvalidTermsDay),
            "{terms:?}"
        );
    }
}

/// A book with partners saved through the command.
fn book_with(partners: &[(&str, &str, &str, bool)]) -> Ledger {
    let mut l = Ledger::empty(1);
    for (n, (name, reading, number, archived)) in partners.iter().enumerate() {
        let id = RecordId::from_parts(5_000, n as u128 + 1);
        let i = PartnerInput {
            reading: reading.to_string(),
            registration_number: number.to_string(),
            archived: *archived,
            ..input(name)
        };
        let set = save_partner(&l.book, id, i, ctx(n as u64 + 10)).expect("saved");
        l.book.apply(&set);
    }
    l
}

fn names(found: Vec<&Partner>) -> Vec<&str> {
    found.into_iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn search_finds_a_reading_in_hiragana_katakana_or_half_width_kana() {
    let l = book_with(&[
        ("山田商事", "やまだしょうじ", "", false),
        ("株式会社ガンマ", "ガンマ", NTA, false),
        ("Beta Works", "べーたわーくす", "", false),
    ]);
    let find = |q: &str| names(search_partners(&l.book, q));
    assert_eq!(find("ヤマダ"), ["山田商事"]);
    assert_eq!(find("やまだ"), ["山田商事"]);
    // As a bank transfer names the payer: half-width, voiced marks apart, no
    // small kana.
    assert_eq!(find("ﾔﾏﾀﾞｼﾖｳｼﾞ"), ["山田商事"]);
    assert_eq!(find("ｶﾞﾝﾏ"), ["株式会社ガンマ"]);
    // ﾊﾞ is バ, not ハ or パ.
    assert_eq!(find("ﾍﾞｰﾀ"), ["Beta Works"]);
    assert!(find("ﾍﾟｰﾀ").is_empty());
    assert!(find("ｶﾝﾏ").is_empty());
    // Name, case and full width; the registration number.
    assert_eq!(find("ｂｅｔａ"), ["Beta Works"]);
    assert_eq!(find("商事"), ["山田商事"]);
    assert_eq!(find("7000012050002"), ["株式会社ガンマ"]);
    assert_eq!(find("t700001"), ["株式会社ガンマ"]);
    assert!(find("存在しない").is_empty());
}

#[test]
fn an_empty_search_lists_everyone_by_reading_archived_last() {
    let l = book_with(&[
        ("渡辺", "わたなべ", "", false),
        ("安藤", "アンドウ", "", true),
        ("伊藤", "いとう", "", false),
        ("上田", "ウエダ", "", false),
        ("Zeta", "", "", false),
    ]);
    let all = names(search_partners(&l.book, ""));
    // ア…ワ whatever the kana typed; no reading sorts by name (Latin first).
    assert_eq!(all, ["Zeta", "伊藤", "上田", "渡辺", "安藤"]);
    assert_eq!(names(search_partners(&l.book, "  ")), all);
    assert_eq!(
        names(search_partners(&l.book, "ｳ")),
        ["伊藤", "上田", "安藤"]
    );
}

#[test]
fn our_own_number_is_kept_once_confirmed_too() {
    use kura_core::trade::{save_business_profile, BusinessProfile};
    let l = Ledger::empty(1);
    let profile: BusinessProfile =
        serde_json::from_value(serde_json::json!({ "book_id": RecordId::from_parts(1, 1) }))
            .unwrap();
    let refused = save_business_profile(&l.book, profile.clone(), "T1234567890123", false, ctx(1));
    assert_eq!(refused.err(), Some(PartnerError::RegistrationCheckDigit));
    let set = save_business_profile(&l.book, profile, "T1234567890123", true, ctx(2)).unwrap();
    match set.changes.as_slice() {
        [Change::Put {
            record: Record::BusinessProfile(p),
        }] => assert_eq!(
            p.registration_number.as_ref().map(|n| n.as_str()),
            Some("T1234567890123")
        ),
        other => panic!("one profile put, got {other:?}"),
    }
}

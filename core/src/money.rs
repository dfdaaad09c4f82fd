//! Money: currencies with their minor units, parsing what people type, and
//! named rounding. Amounts are `rust_decimal::Decimal`, never floats.

pub mod limits;

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use limits::{within, LimitError, Magnitude};

/// A currency Kura knows, by ISO 4217 code, with the number of decimals its
/// amounts carry (JPY has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

/// The currencies a book can be kept in. JPY first: Kura serves Japan first.
pub const CURRENCIES: &[Currency] = &[
    Currency::new("JPY", 0),
    Currency::new("USD", 2),
    Currency::new("EUR", 2),
    Currency::new("GBP", 2),
    Currency::new("CNY", 2),
    Currency::new("KRW", 0),
    Currency::new("TWD", 2),
    Currency::new("HKD", 2),
    Currency::new("SGD", 2),
    Currency::new("AUD", 2),
    Currency::new("CAD", 2),
    Currency::new("CHF", 2),
];

impl Currency {
    const fn new(code: &'static str, minor_units: u32) -> Self {
        Currency { code, minor_units }
    }

    pub const JPY: Currency = Currency::new("JPY", 0);

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// How many decimals an amount in this currency has.
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// The sign people write before an amount, where there is a well-known one.
    pub fn symbol(&self) -> Option<&'static str> {
        match self.code {
            "JPY" => Some("¥"),
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "KRW" => Some("₩"),
            _ => None,
        }
    }
}

/// A currency code Kura does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency '{0}'")]
pub struct UnknownCurrency(pub String);

impl FromStr for Currency {
    type Err = UnknownCurrency;
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        CURRENCIES
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
            .copied()
            .ok_or_else(|| UnknownCurrency(code.to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

/// How an amount with more decimals than its currency allows is brought back to
/// the currency's precision. Named, so every rounding in Kura says which it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Toward zero (切り捨て): the usual choice for consumption tax in Japan.
    #[default]
    Down,
    /// Half away from zero (四捨五入).
    HalfUp,
    /// Away from zero (切り上げ).
    Up,
}

/// Rounds `amount` to the currency's minor units by the named rule.
pub fn round(amount: Decimal, currency: Currency, rule: Rounding) -> Decimal {
    let strategy = match rule {
        Rounding::Down => RoundingStrategy::ToZero,
        Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        Rounding::Up => RoundingStrategy::AwayFromZero,
    };
    amount.round_dp_with_strategy(currency.minor_units, strategy)
}

/// Why typed text is not an amount. Carries what the user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("enter an amount")]
    Empty,
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("digit groups must have three digits: '{0}'")]
    BadGrouping(String),
    #[error("at most {max} decimals are allowed")]
    TooManyDecimals { max: u32 },
    /// Beyond the largest value of its kind (`limits`): the message names the limit.
    #[error(transparent)]
    TooLarge(#[from] LimitError),
}

/// Parses an amount as people type it: `1,234`, `１２３４` (full-width digits),
/// `¥1,234`, `-500`, `△500` (the Japanese minus), `12.50`. Letters, misplaced
/// separators and more decimals than the currency has are errors, never guesses;
/// so is an amount beyond [`limits::MAX_AMOUNT`].
pub fn parse_amount(input: &str, currency: Currency) -> Result<Decimal, AmountError> {
    parse_number(input, currency, Magnitude::Amount)
}

/// A unit price (単価) as people type it: read like an amount in the currency,
/// up to [`limits::MAX_UNIT_PRICE`].
pub fn parse_unit_price(input: &str, currency: Currency) -> Result<Decimal, AmountError> {
    parse_number(input, currency, Magnitude::UnitPrice)
}

/// A quantity (数量) as people type it: read like an amount, with up to three
/// decimals (1.5 hours, 0.25 kg) whatever the book's currency, up to
/// [`limits::MAX_QUANTITY`].
pub fn parse_quantity(input: &str) -> Result<Decimal, AmountError> {
    parse_number(input, Currency::new("QTY", 3), Magnitude::Quantity)
}

/// A number as people type it, with at most the decimals of `currency` and
/// within the limit of `what`.
fn parse_number(input: &str, currency: Currency, what: Magnitude) -> Result<Decimal, AmountError> {
    let text = normalize_digits(input);
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let (negative, body) = split_sign(text);
    let body = strip_symbol(body.trim(), currency).trim();
    if body.is_empty() {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let (integer, fraction) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let integer = ungroup(integer, input)?;
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(&integer) || fraction.is_some_and(|f| !is_digits(f)) {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let decimals = fraction.map_or(0, |f| f.trim_end_matches('0').len() as u32);
    if decimals > currency.minor_units() {
        return Err(AmountError::TooManyDecimals {
            max: currency.minor_units(),
        });
    }
    let plain = match fraction {
        Some(f) => format!("{integer}.{f}"),
        None => integer,
    };
    // Only digits are left, so the one failure is more digits than `Decimal` holds.
    let value = Decimal::from_str(&plain).map_err(|_| LimitError::of(what))?;
    Ok(within(if negative { -value } else { value }, what)?)
}

/// Full-width digits and punctuation (as typed with a Japanese IME) to ASCII.
pub(crate) fn normalize_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '－' | '−' | 'ー' => '-',
            '＋' => '+',
            '　' => ' ',
            _ => c,
        })
        .collect()
}

fn split_sign(text: &str) -> (bool, &str) {
    for minus in ["-", "△", "▲"] {
        if let Some(rest) = text.strip_prefix(minus) {
            return (true, rest);
        }
    }
    (false, text.strip_prefix('+').unwrap_or(text))
}

fn strip_symbol(text: &str, currency: Currency) -> &str {
    let text = text.strip_prefix('￥').unwrap_or(text);
    let text = currency
        .symbol()
        .and_then(|s| text.strip_prefix(s))
        .unwrap_or(text);
    text.strip_suffix('円').unwrap_or(text)
}

/// Removes thousands separators, insisting they sit every three digits.
fn ungroup(integer: &str, input: &str) -> Result<String, AmountError> {
    if !integer.contains(',') {
        return Ok(integer.to_string());
    }
    let groups: Vec<&str> = integer.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !first_ok || !rest_ok {
        return Err(AmountError::BadGrouping(input.trim().to_string()));
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros_free::dec;

    /// A tiny stand-in for a `dec!` macro so tests read like amounts.
    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:literal) => {
                rust_decimal::Decimal::from_str_exact(stringify!($s)).unwrap()
            };
        }
        pub(crate) use dec;
    }

    const USD: Currency = Currency::new("USD", 2);

    #[test]
    fn quantities_take_three_decimals_whatever_the_currency() {
        assert_eq!(parse_quantity("1.5"), Ok(dec!(1.5)));
        assert_eq!(parse_quantity("１２"), Ok(dec!(12)));
        assert_eq!(parse_quantity("0.125"), Ok(dec!(0.125)));
        assert_eq!(
            parse_quantity("0.1255"),
            Err(AmountError::TooManyDecimals { max: 3 })
        );
    }

    #[test]
    fn parses_what_people_type() {
        let jpy = Currency::JPY;
        assert_eq!(parse_amount("1,234", jpy), Ok(dec!(1234)));
        assert_eq!(parse_amount("１２３４", jpy), Ok(dec!(1234)));
        assert_eq!(parse_amount("１，２３４", jpy), Ok(dec!(1234)));
        assert_eq!(parse_amount("¥1,234,567", jpy), Ok(dec!(1234567)));
        assert_eq!(parse_amount("￥500円", jpy), Ok(dec!(500)));
        assert_eq!(parse_amount(" -500 ", jpy), Ok(dec!(-500)));
        assert_eq!(parse_amount("△500", jpy), Ok(dec!(-500)));
        assert_eq!(parse_amount("12.50", USD), Ok(dec!(12.50)));
        assert_eq!(parse_amount("$0.5", USD), Ok(dec!(0.5)));
        assert_eq!(parse_amount("100.00", jpy), Ok(dec!(100)));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        let jpy = Currency::JPY;
        assert_eq!(parse_amount("", jpy), Err(AmountError::Empty));
        assert_eq!(parse_amount("   ", jpy), Err(AmountError::Empty));
        assert!(matches!(
            parse_amount("12a", jpy),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            parse_amount("abc", jpy),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            parse_amount("¥-", jpy),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            parse_amount("1,2,3", jpy),
            Err(AmountError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_amount("12,34", jpy),
            Err(AmountError::BadGrouping(_))
        ));
        assert_eq!(
            parse_amount("10.5", jpy),
            Err(AmountError::TooManyDecimals { max: 0 })
        );
        assert_eq!(
            parse_amount("1.234", USD),
            Err(AmountError::TooManyDecimals { max: 2 })
        );
        let too_large = Err(AmountError::TooLarge(LimitError::of(Magnitude::Amount)));
        assert_eq!(
            parse_amount("99999999999999999999999999999999", jpy),
            too_large
        );
    }

    #[test]
    fn values_beyond_their_limit_are_refused_naming_it() {
        let jpy = Currency::JPY;
        let limit = |what| Err(AmountError::TooLarge(LimitError::of(what)));
        assert_eq!(
            parse_amount("999,999,999,999,999", jpy),
            Ok(limits::MAX_AMOUNT)
        );
        assert_eq!(
            parse_amount("-999999999999999", jpy),
            Ok(-limits::MAX_AMOUNT)
        );
        assert_eq!(
            parse_amount("1,000,000,000,000,000", jpy),
            limit(Magnitude::Amount)
        );
        assert_eq!(
            parse_amount("50000000000000000000000000000", jpy),
            limit(Magnitude::Amount)
        );
        assert_eq!(
            parse_amount("△1000000000000000", jpy),
            limit(Magnitude::Amount)
        );
        assert_eq!(parse_quantity("999999999"), Ok(limits::MAX_QUANTITY));
        assert_eq!(parse_quantity("1000000000"), limit(Magnitude::Quantity));
        assert_eq!(
            parse_quantity("10000000000000000"),
            limit(Magnitude::Quantity)
        );
        assert_eq!(
            parse_unit_price("10,000,000,000,000", jpy),
            Ok(Decimal::from(10_000_000_000_000i64))
        );
        assert_eq!(
            parse_unit_price("1000000000000000", jpy),
            limit(Magnitude::UnitPrice)
        );
    }

    #[test]
    fn rounding_rules_are_named_and_exact() {
        let jpy = Currency::JPY;
        assert_eq!(round(dec!(100.9), jpy, Rounding::Down), dec!(100));
        assert_eq!(round(dec!(-100.9), jpy, Rounding::Down), dec!(-100));
        assert_eq!(round(dec!(100.5), jpy, Rounding::HalfUp), dec!(101));
        assert_eq!(round(dec!(100.1), jpy, Rounding::Up), dec!(101));
        assert_eq!(round(dec!(1.005), USD, Rounding::HalfUp), dec!(1.01));
    }

    #[test]
    fn currencies_parse_by_code() {
        assert_eq!("jpy".parse::<Currency>(), Ok(Currency::JPY));
        assert_eq!("USD".parse::<Currency>().unwrap().minor_units(), 2);
        assert!("XXX".parse::<Currency>().is_err());
    }

    proptest! {
        /// Any whole yen amount, written with separators, parses back to itself.
        #[test]
        fn grouped_yen_round_trips(n in -10_000_000_000i64..10_000_000_000i64) {
            let text = crate::locale::group_thousands(&n.unsigned_abs().to_string());
            let typed = if n < 0 { format!("-{text}") } else { text };
            prop_assert_eq!(parse_amount(&typed, Currency::JPY), Ok(Decimal::from(n)));
        }

        /// Parsing never panics, whatever is typed.
        #[test]
        fn parsing_never_panics(s in "\\PC{0,24}") {
            let _ = parse_amount(&s, Currency::JPY);
            let _ = parse_amount(&s, USD);
        }
    }
}

//! The simplified method's deemed credit when sales fall in more than one
//! business class (付表5-3, 控除対象仕入税額等の計算表).
//!
//! The rules (消費税法施行令57条2項・3項; 国税庁タックスアンサー No.6505 簡易課税制度):
//! - **原則計算**: the credit base × Σ(each class's tax × its ratio) / Σ(tax),
//!   a class's tax being its taxable sales (tax excluded) × the national rate.
//! - **特例計算, one class ≥ 75%**: where one class has 75% or more of the
//!   taxable sales, its ratio may be used for all of them.
//! - **特例計算, two classes ≥ 75%**: where two classes together have 75% or
//!   more, the higher ratio for the sales of its own class and the lower for
//!   all the rest.
//! - The business may use whichever of the formulas it qualifies for gives the
//!   largest credit; Kura picks it and names it.
//!
//! The 75% test reads the sales of both rates together (the 付表's 合計 column);
//! each formula is applied per rate column with that column's class taxes.
//! Export sales are not classified: they carry no tax and are left out of the
//! shares (the rare exporter under 簡易課税 should check the shares by hand).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ledger::BusinessClass;

/// The share of taxable sales from which a class (or two) may set the ratio
/// for all sales: 75% (消費税法施行令57条3項).
pub const SPECIAL_SHARE: Decimal = Decimal::from_parts(75, 0, 0, false, 2);

/// Which formula set the deemed ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "formula")]
pub enum DeemedFormula {
    /// All sales are of one class.
    SingleClass { class: BusinessClass },
    /// 原則計算: each class at its own ratio.
    Weighted,
    /// 特例計算: one class with 75% or more sets the ratio for all.
    OneClass { class: BusinessClass },
    /// 特例計算: two classes with 75% or more; `higher` keeps its ratio for its
    /// own sales, `lower`'s ratio applies to everything else.
    TwoClasses {
        higher: BusinessClass,
        lower: BusinessClass,
    },
}

/// One class's taxable sales (tax excluded) per rate column: reduced, then
/// standard, like the return's columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassFigures {
    pub class: BusinessClass,
    pub sales: [Decimal; 2],
    /// Its tax per column (sales × the column's national rate): the weight of
    /// its ratio.
    pub tax: [Decimal; 2],
    /// Its share of all classified sales, both columns (the 75% test).
    pub share: Decimal,
}

/// The formula chosen and the ratio it gives each rate column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeemedRatio {
    pub formula: DeemedFormula,
    /// Per column: the share of the column's credit base credited.
    pub ratios: [Decimal; 2],
    /// Per column, the same share as the 付表 writes it: (Σ tax × ratio, Σ
    /// tax). A weighted ratio such as 663,000 / 936,000 has no finite decimal,
    /// so the credit multiplies by the first before dividing by the second
    /// ([`DeemedRatio::credit`]) and comes out to the yen the form gives.
    #[serde(skip)]
    fractions: [(Decimal, Decimal); 2],
}

impl DeemedRatio {
    /// The credit on a column's `base`: `base × Σ(tax × ratio) / Σ tax`,
    /// multiplied first (by the ratio as a decimal only where the product
    /// would overflow, far beyond any real return), not yet rounded.
    pub fn credit(&self, col: usize, base: Decimal) -> Decimal {
        let (weighted, total) = self.fractions[col];
        match base.checked_mul(weighted) {
            Some(product) if !total.is_zero() => product / total,
            _ => base * self.ratios[col],
        }
    }
}

/// The classes with their shares, in class order, from each class's sales
/// per column and the columns' national rates. Classes with no sales are left
/// out.
pub fn class_figures(
    sales: &[(BusinessClass, [Decimal; 2])],
    national_rates: [Decimal; 2],
) -> Vec<ClassFigures> {
    let mut classes: Vec<ClassFigures> = BusinessClass::ALL
        .iter()
        .filter_map(|&class| {
            let mut per_column = [Decimal::ZERO; 2];
            for (_, s) in sales.iter().filter(|(c, _)| *c == class) {
                per_column[0] += s[0];
                per_column[1] += s[1];
            }
            (per_column != [Decimal::ZERO; 2]).then(|| ClassFigures {
                class,
                sales: per_column,
                tax: [0, 1].map(|i| per_column[i] * national_rates[i]),
                share: Decimal::ZERO,
            })
        })
        .collect();
    let total: Decimal = classes.iter().map(|c| c.sales[0] + c.sales[1]).sum();
    if total > Decimal::ZERO {
        for c in &mut classes {
            c.share = (c.sales[0] + c.sales[1]) / total;
        }
    }
    classes
}

/// The most favourable formula the classes qualify for, and its ratio per
/// column. `credit_base` is each column's base (② here) and decides which
/// formula credits most. `None` when there are no classified sales.
pub fn deemed_ratio(classes: &[ClassFigures], credit_base: [Decimal; 2]) -> Option<DeemedRatio> {
    let candidates = formulas(classes);
    let credit = |r: &DeemedRatio| r.credit(0, credit_base[0]) + r.credit(1, credit_base[1]);
    candidates
        .into_iter()
        .map(|formula| {
            let fractions = [0, 1].map(|col| column_fraction(classes, formula, col));
            DeemedRatio {
                ratios: fractions.map(|(weighted, total)| weighted / total),
                fractions,
                formula,
            }
        })
        // The first of equals wins: a single class, then the 原則計算.
        .reduce(|best, next| {
            if credit(&next) > credit(&best) {
                next
            } else {
                best
            }
        })
}

/// Every formula the classes qualify for, simplest first.
fn formulas(classes: &[ClassFigures]) -> Vec<DeemedFormula> {
    match classes {
        [] => Vec::new(),
        [only] => vec![DeemedFormula::SingleClass { class: only.class }],
        _ => {
            let mut all = vec![DeemedFormula::Weighted];
            all.extend(
                classes
                    .iter()
                    .filter(|c| c.share >= SPECIAL_SHARE)
                    .map(|c| DeemedFormula::OneClass { class: c.class }),
            );
            // Classes come in class order, and a lower number is a higher ratio.
            for (i, higher) in classes.iter().enumerate() {
                for lower in &classes[i + 1..] {
                    if higher.share + lower.share >= SPECIAL_SHARE {
                        all.push(DeemedFormula::TwoClasses {
                            higher: higher.class,
                            lower: lower.class,
                        });
                    }
                }
            }
            all
        }
    }
}

/// The ratio a formula gives one column, as a fraction: a weighted mean of
/// the classes' ratios by their tax in that column, (Σ tax × ratio, Σ tax);
/// a column without tax gives the one class's ratio, or zero, over one.
fn column_fraction(
    classes: &[ClassFigures],
    formula: DeemedFormula,
    col: usize,
) -> (Decimal, Decimal) {
    let total: Decimal = classes.iter().map(|c| c.tax[col]).sum();
    let ratio_of = |c: &ClassFigures| match formula {
        DeemedFormula::SingleClass { class } | DeemedFormula::OneClass { class } => {
            class.deemed_purchase_ratio()
        }
        DeemedFormula::Weighted => c.class.deemed_purchase_ratio(),
        DeemedFormula::TwoClasses { higher, .. } if c.class == higher => {
            higher.deemed_purchase_ratio()
        }
        DeemedFormula::TwoClasses { lower, .. } => lower.deemed_purchase_ratio(),
    };
    if total <= Decimal::ZERO {
        let ratio = match formula {
            DeemedFormula::SingleClass { class } | DeemedFormula::OneClass { class } => {
                class.deemed_purchase_ratio()
            }
            _ => Decimal::ZERO,
        };
        return (ratio, Decimal::ONE);
    }
    let weighted = classes.iter().map(|c| c.tax[col] * ratio_of(c)).sum();
    (weighted, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BusinessClass::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Sales all at the standard rate; national rate 7.8%.
    fn ratio(sales: &[(BusinessClass, &str)]) -> DeemedRatio {
        let sales: Vec<_> = sales.iter().map(|(c, s)| (*c, [d("0"), d(s)])).collect();
        let classes = class_figures(&sales, [d("0.0624"), d("0.078")]);
        deemed_ratio(&classes, [d("0"), d("1000")]).unwrap()
    }

    #[test]
    fn two_classes_with_seventy_five_percent_beat_the_weighted_mean() {
        // Wholesale 60% (90), retail 20% (80), services 20% (50).
        // 原則: .6 × .9 + .2 × .8 + .2 × .5 = .80. No class reaches 75%.
        // Two classes: wholesale + retail 80%: .6 × .9 + .4 × .8 = .86;
        // wholesale + services 80%: .6 × .9 + .4 × .5 = .74; retail + services 40%: no.
        let r = ratio(&[(Wholesale, "600"), (Retail, "200"), (Services, "200")]);
        assert_eq!(
            r.formula,
            DeemedFormula::TwoClasses {
                higher: Wholesale,
                lower: Retail
            }
        );
        assert_eq!(r.ratios[1], d("0.86"));
    }

    #[test]
    fn the_weighted_mean_when_no_special_formula_qualifies_or_wins() {
        // Retail 50%, services 25%, real estate 25%: retail + services 75% →
        // .5 × .8 + .5 × .5 = .65; retail + real estate → .5 × .8 + .5 × .4 = .6;
        // 原則: .4 + .125 + .1 = .625. The two-class formula wins at .65.
        let r = ratio(&[(Retail, "500"), (Services, "250"), (RealEstate, "250")]);
        assert_eq!(r.ratios[1], d("0.65"));
        // Three even classes: no pair reaches 75%; the weighted mean.
        let r = ratio(&[(Wholesale, "1"), (Retail, "1"), (Services, "1")]);
        assert_eq!(r.formula, DeemedFormula::Weighted);
        assert_eq!(r.ratios[1].round_dp(6), d("0.733333"));
    }

    #[test]
    fn no_sales_no_ratio() {
        assert!(
            deemed_ratio(&class_figures(&[], [d("0.0624"), d("0.078")]), [d("0"); 2]).is_none()
        );
    }
}

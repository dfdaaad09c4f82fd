//! A bar chart in SVG for a handful of signed figures (the dashboard's twelve
//! months of profit): bars above the axis for positive values, below it for
//! negative ones, a zero line and a scale, a `<title>` per bar for pointer
//! users, and the same figures as a visually hidden table for screen readers.
//!
//! Geometry uses SVG attributes only (`x`, `height`, `fill` through classes):
//! the page's CSP forbids inline styles. Figures are `Decimal`; they become
//! floats only to be drawn.

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// One bar: its axis label (`1月`), its value, and the value as shown (`¥1,234`).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartBar {
    pub label: String,
    pub value: Decimal,
    pub text: String,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// Where things go on the drawing, computed once per set of bars.
struct Layout {
    max: f64,
    min: f64,
    band: f64,
}

impl Layout {
    fn new(bars: &[ChartBar]) -> Layout {
        let values = bars.iter().map(|b| b.value.to_f64().unwrap_or(0.0));
        let max = values.clone().fold(0.0_f64, f64::max);
        let min = values.fold(0.0_f64, f64::min);
        let (max, min) = if max == min { (1.0, 0.0) } else { (max, min) };
        Layout {
            max,
            min,
            band: (WIDTH - LEFT - RIGHT) / bars.len().max(1) as f64,
        }
    }

    /// The vertical position of a value.
    fn y(&self, value: f64) -> f64 {
        TOP + (self.max - value) / (self.max - self.min) * (HEIGHT - TOP - BOTTOM)
    }
}

/// The chart. `label` names it for assistive technology (and is its SVG
/// `<title>`); `scale` gives the texts of the largest, zero and smallest values
/// drawn on the vertical axis; the table headers come from `label_header` and
/// `value_header`.
#[component]
pub fn BarChart(
    #[prop(into)] bars: Signal<Vec<ChartBar>>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] label_header: Signal<String>,
    #[prop(into)] value_header: Signal<String>,
    /// Formats a scale value (the largest and smallest bar) for the axis.
    format: Callback<Decimal, String>,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    let title_id = format!("kura-chart-title-{}", test_id_or(test_id));
    let drawing = {
        let title_id = title_id.clone();
        move || {
            let bars = bars.get();
            let layout = Layout::new(&bars);
            let zero = layout.y(0.0);
            let bar_width = layout.band * 0.6;
            let rects = bars
                .iter()
                .enumerate()
                .map(|(i, bar)| {
                    let value = bar.value.to_f64().unwrap_or(0.0);
                    let x = LEFT + layout.band * i as f64 + (layout.band - bar_width) / 2.0;
                    let (top, bottom) = (layout.y(value.max(0.0)), layout.y(value.min(0.0)));
                    // A zero still shows as a hairline on the axis.
                    let height = (bottom - top).max(1.0);
                    let class = if bar.value.is_sign_negative() && !bar.value.is_zero() {
                        "kura-chart__bar kura-chart__bar--negative"
                    } else {
                        "kura-chart__bar"
                    };
                    let label_x = LEFT + layout.band * (i as f64 + 0.5);
                    view! {
                        <g>
                            <rect
                                class=class
                                data-testid="chart-bar"
                                data-value=bar.value.to_string()
                                x=fmt(x)
                                y=fmt(top)
                                width=fmt(bar_width)
                                height=fmt(height)
                            >
                                <title>{format!("{}: {}", bar.label, bar.text)}</title>
                            </rect>
                            <text
                                class="kura-chart__label"
                                x=fmt(label_x)
                                y=fmt(HEIGHT - 8.0)
                                text-anchor="middle"
                            >
                                {bar.label.clone()}
                            </text>
                        </g>
                    }
                })
                .collect_view();
            let max = bars
                .iter()
                .map(|b| b.value)
                .fold(Decimal::ZERO, Decimal::max);
            let min = bars
                .iter()
                .map(|b| b.value)
                .fold(Decimal::ZERO, Decimal::min);
            let scale = [(layout.max, max), (0.0, Decimal::ZERO), (layout.min, min)]
                .into_iter()
                .filter(|(at, value)| *at == 0.0 || !value.is_zero())
                .map(|(at, value)| {
                    view! {
                        <text
                            class="kura-chart__scale"
                            x=fmt(LEFT - 8.0)
                            y=fmt(layout.y(at) + 4.0)
                            text-anchor="end"
                        >
                            {format.run(value)}
                        </text>
                        <line
                            class="kura-chart__grid"
                            x1=fmt(LEFT)
                            x2=fmt(WIDTH - RIGHT)
                            y1=fmt(layout.y(at))
                            y2=fmt(layout.y(at))
                        />
                    }
                })
                .collect_view();
            view! {
                <svg
                    class="kura-chart__svg"
                    viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                    role="img"
                    aria-labelledby=title_id.clone()
                    data-testid=test_id
                >
                    <title id=title_id.clone()>{move || label.get()}</title>
                    {scale}
                    {rects}
                    <line
                        class="kura-chart__axis"
                        x1=fmt(LEFT)
                        x2=fmt(WIDTH - RIGHT)
                        y1=fmt(zero)
                        y2=fmt(zero)
                    />
                </svg>
            }
        }
    };
    view! {
        <figure class="kura-chart">
            {drawing}
            <table class="kura-visually-hidden">
                <caption>{move || label.get()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || label_header.get()}</th>
                        <th scope="col">{move || value_header.get()}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        bars.get()
                            .into_iter()
                            .map(|bar| view! {
                                <tr>
                                    <th scope="row">{bar.label}</th>
                                    <td class="kura-num">{bar.text}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </figure>
    }
}

fn test_id_or(test_id: &'static str) -> &'static str {
    if test_id.is_empty() {
        "chart"
    } else {
        test_id
    }
}

/// A coordinate with one decimal: enough for the screen, short in the DOM.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

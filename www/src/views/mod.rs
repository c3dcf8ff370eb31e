//! What the results look like: one view per analysis (`iso_capacity`, `iso_area`, `scaling`,
//! `details`, `networks`) with the exports under it, and the panels below the chart (`share`,
//! `reproduce`). Every number shown comes from a core report; each table cell keeps the value at
//! full precision in `data-value`, which the end-to-end tests compare with the CLI's JSON.

use leptos::prelude::*;
use nvmcalc::outcome::Outcome;

use crate::views::details::DetailsResults;
use crate::views::downloads::Downloads;
use crate::views::iso_area::IsoAreaResults;
use crate::views::iso_capacity::IsoCapacityResults;
use crate::views::networks::WorkloadsResults;
use crate::views::scaling::ScalingResults;

pub(crate) mod answer;
mod details;
mod downloads;
mod iso_area;
mod iso_capacity;
mod networks;
pub(crate) mod reproduce;
mod scaling;
pub(crate) mod share;
mod table;

/// The result of any analysis, with its exports.
#[component]
pub fn OutcomeView(outcome: Outcome) -> impl IntoView {
    let exports = view! { <Exports outcome=outcome.clone() /> };
    let body = match outcome {
        Outcome::IsoCapacity(r) => view! { <IsoCapacityResults report=r /> }.into_any(),
        Outcome::IsoArea(r) => view! { <IsoAreaResults report=r /> }.into_any(),
        Outcome::Scaling(r) => view! { <ScalingResults report=r /> }.into_any(),
        Outcome::Details(r) => view! { <DetailsResults report=r /> }.into_any(),
        Outcome::Workloads(r) => view! { <WorkloadsResults report=r /> }.into_any(),
    };
    view! { {body} {exports} }
}

/// Download links for the report as JSON and CSV (the CLI's `--format json|csv`), and the JSON
/// itself in the page for scripts.
#[component]
fn Exports(outcome: Outcome) -> impl IntoView {
    let json = outcome.to_json();
    let csv = outcome.to_csv();
    view! {
        <Downloads id="export" file="nvmcalc" json=json.clone() csv=csv command="nvmcalc compare --format json|csv" />
        <script type="application/json" id="outcome-json">{json}</script>
    }
}

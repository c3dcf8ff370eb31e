//! The "Download: JSON · CSV" links under a table: the same files as the CLI's
//! `--format json|csv`.

use leptos::prelude::*;

use crate::platform::download::data_href;

/// "Download: JSON · CSV" links for a table: `id` prefixes the links' ids (`{id}-json`,
/// `{id}-csv`), `file` is the file name without extension, `command` the CLI command whose
/// output the files are.
#[component]
pub fn Downloads(
    id: &'static str,
    file: &'static str,
    json: String,
    csv: String,
    command: &'static str,
) -> impl IntoView {
    view! {
        <p class="exports">
            "Download: "
            <a id=format!("{id}-json") href=data_href("application/json", &json) download=format!("{file}.json")>"JSON"</a>
            " · "
            <a id=format!("{id}-csv") href=data_href("text/csv", &csv) download=format!("{file}.csv")>"CSV"</a>
            " (the output of "<code>{command}</code>")"
        </p>
    }
}

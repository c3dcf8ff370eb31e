//! Entry point of the nvmcalc page: installs the panic hook and mounts the app (in the Web Worker,
//! where there is no page, it does nothing: see `platform::worker`).
//!
//! The crate, from the bottom up: `platform` (browser plumbing), `label` (shared wording),
//! `chart` (plotters drawing), `views` (the results), `controls` (the inputs), and `app` (the
//! shell that holds the state and lays them out). Imports only go down that list.

mod app;
mod chart;
mod controls;
mod label;
mod platform;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    // In the Web Worker there is no page: `worker.js` calls `platform::worker::worker_main` instead.
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(app::App);
}

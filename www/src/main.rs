//! Entry point of the nvmcalc page: installs the panic hook and mounts the app (in the Web Worker,
//! where there is no page, it does nothing: see `worker`).

mod app;
mod cells;
mod chart;
mod details;
mod load;
mod reproduce;
mod results;
mod share;
mod url;
mod worker;
mod workload;
mod workloads_view;

fn main() {
    console_error_panic_hook::set_once();
    // In the Web Worker there is no page: `worker.js` calls `worker::worker_main` instead.
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(app::App);
}

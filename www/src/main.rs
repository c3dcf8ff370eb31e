//! Entry point of the nvmcalc page: installs the panic hook and mounts the app. Nothing else.

mod app;
mod chart;
mod load;
mod reproduce;
mod results;
mod share;
mod url;
mod workload;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

//! Mounts the console on the page.

fn main() {
    leptos::mount::mount_to_body(devenv_console::app::App);
}

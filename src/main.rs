fn main() {
    kura::app::start();
}

fn main() {
    praxis::start();
}

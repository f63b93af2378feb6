//! HTTP-level tests of the emulator, in process on ephemeral ports.

mod support;

mod bad_input;
mod cli;
mod control;
mod generate;
mod modelarts;
mod pai_dsw;
mod pai_dsw_ops;
mod scnet;
mod static_files;

//! site_phone: site.normalize_phone(text) -> text for an SMS gateway, in Rust with no crates.
//!
//! Rust has no docket crate: it declares the few `#[repr(C)]` structs of docket/plugin.h it uses.
//! Structs only grow at the end (rule 2), so declaring a prefix of a host struct is enough.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

type docket_status = i32;
type docket_type = u32;
const DOCKET_OK: docket_status = 0;
const DOCKET_ERROR: docket_status = 1;
const DOCKET_TYPE_TEXT: docket_type = 4;
const DOCKET_FLAG_PURE: u32 = 1;
const DOCKET_FLAG_THREAD_SAFE: u32 = 2;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct docket_string_view {
    data: *const c_char,
    size: usize,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub union docket_value_payload {
    boolean: bool,
    integer: i64,
    number: f64,
    text: docket_string_view,
    reserved: [u64; 2],
}

#[repr(C)]
pub struct docket_value {
    kind: docket_type,
    payload: docket_value_payload,
}

/// The ABI 1.0 prefix of docket_call_context (1.1 fields follow; this plugin does not use them).
#[repr(C)]
pub struct docket_call_context {
    struct_size: usize,
    user_data: *mut c_void,
    set_error: extern "C" fn(*mut docket_call_context, *const c_char),
    alloc: extern "C" fn(*mut docket_call_context, usize) -> *mut c_void,
}

type docket_function_fn =
    extern "C" fn(*mut docket_call_context, *const docket_value, usize, *mut docket_value) -> docket_status;

#[repr(C)]
pub struct docket_function_def {
    struct_size: usize,
    name: *const c_char,
    param_types: *const docket_type,
    param_count: usize,
    result_type: docket_type,
    call: docket_function_fn,
    user_data: *mut c_void,
    flags: u32,      // 1.1
    timeout_ms: u32, // 1.1
}

/// The ABI 1.0 prefix of docket_host_services.
#[repr(C)]
pub struct docket_host_services {
    struct_size: usize,
    abi_major: u32,
    abi_minor: u32,
    log: extern "C" fn(*const docket_host_services, u32, *const c_char),
    register_function: extern "C" fn(*const docket_host_services, *const docket_function_def) -> docket_status,
    set_error: extern "C" fn(*const docket_host_services, *const c_char),
}

#[repr(C)]
pub struct docket_plugin_descriptor {
    struct_size: usize,
    abi_major: u32,
    abi_minor: u32,
    name: *const c_char,
    version: *const c_char,
    init: extern "C" fn(*const docket_host_services) -> docket_status,
    deinit: Option<extern "C" fn()>,
    get_interface: Option<extern "C" fn(*const c_char, u32) -> *const c_void>,
}

// The descriptor only holds pointers to static data and code.
unsafe impl Sync for docket_plugin_descriptor {}

/// Digits of a mainland mobile number: separators dropped, +86 / 0086 country code removed.
fn normalize(input: &str) -> Result<String, String> {
    let mut digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
    assert!(digits.len() < 64, "a phone number of {} digits", digits.len()); // a panic, caught below
    let trimmed = input.trim_start();
    if (trimmed.starts_with("+86") || trimmed.starts_with("0086")) && digits.len() > 11 {
        digits = digits[digits.len() - 11..].to_string();
    }
    if digits.len() == 11 && digits.starts_with('1') && input.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        Ok(digits)
    } else {
        Err(format!("'{}' is not a mainland mobile number (11 digits starting with 1, optionally +86)", input))
    }
}

fn set_error(ctx: *mut docket_call_context, message: &str) {
    let mut bytes: Vec<u8> = message.bytes().filter(|b| *b != 0).collect();
    bytes.push(0);
    unsafe { ((*ctx).set_error)(ctx, bytes.as_ptr() as *const c_char) } // the host copies it
}

extern "C" fn normalize_phone(
    ctx: *mut docket_call_context,
    args: *const docket_value,
    arg_count: usize,
    result: *mut docket_value,
) -> docket_status {
    // No panic may cross the boundary (rule 7): catch it and report it through the context.
    let outcome = catch_unwind(AssertUnwindSafe(|| unsafe {
        if arg_count != 1 || (*args).kind != DOCKET_TYPE_TEXT {
            return Err("site.normalize_phone expects one text argument".to_string());
        }
        let view = (*args).payload.text;
        let bytes = if view.size == 0 { &[][..] } else { std::slice::from_raw_parts(view.data as *const u8, view.size) };
        let text = std::str::from_utf8(bytes).map_err(|_| "the phone number is not UTF-8".to_string())?;
        normalize(text)
    }));
    let digits = match outcome {
        Ok(Ok(d)) => d,
        Ok(Err(message)) => {
            set_error(ctx, &message);
            return DOCKET_ERROR;
        }
        Err(_) => {
            set_error(ctx, "site.normalize_phone panicked (caught in the plugin)");
            return DOCKET_ERROR;
        }
    };
    unsafe {
        let out = ((*ctx).alloc)(ctx, digits.len()) as *mut u8; // host memory, freed by the host
        if out.is_null() {
            set_error(ctx, "out of memory");
            return DOCKET_ERROR;
        }
        std::ptr::copy_nonoverlapping(digits.as_ptr(), out, digits.len());
        (*result).kind = DOCKET_TYPE_TEXT;
        (*result).payload.text = docket_string_view { data: out as *const c_char, size: digits.len() };
    }
    DOCKET_OK
}

static PARAMS: [docket_type; 1] = [DOCKET_TYPE_TEXT];

extern "C" fn init(host: *const docket_host_services) -> docket_status {
    let def = docket_function_def {
        struct_size: std::mem::size_of::<docket_function_def>(),
        name: b"site.normalize_phone\0".as_ptr() as *const c_char,
        param_types: PARAMS.as_ptr(),
        param_count: 1,
        result_type: DOCKET_TYPE_TEXT,
        call: normalize_phone,
        user_data: std::ptr::null_mut(),
        flags: DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE,
        timeout_ms: 0,
    };
    unsafe { ((*host).register_function)(host, &def) }
}

static DESCRIPTOR: docket_plugin_descriptor = docket_plugin_descriptor {
    struct_size: std::mem::size_of::<docket_plugin_descriptor>(),
    abi_major: 1,
    abi_minor: 1,
    name: b"site_phone\0".as_ptr() as *const c_char,
    version: b"1.0.0\0".as_ptr() as *const c_char,
    init,
    deinit: None,
    get_interface: None,
};

#[no_mangle]
pub extern "C" fn docket_plugin_entry() -> *const docket_plugin_descriptor {
    &DESCRIPTOR
}

// Layout checks against docket/plugin.h (x86-64 / aarch64).
const _: () = assert!(std::mem::size_of::<docket_value>() == 24);
const _: () = assert!(std::mem::size_of::<docket_plugin_descriptor>() == 56);
const _: () = assert!(std::mem::size_of::<docket_function_def>() == 64);

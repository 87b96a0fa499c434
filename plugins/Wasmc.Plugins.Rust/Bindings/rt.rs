//! The canonical ABI runtime every wasmc bindings crate carries (module `_rt`): how each Rust type is
//! lifted from and lowered to core values and linear memory. Generated code implements the same traits
//! for the world's records, variants, enums, flags and resources.
//!
//! Flat core values travel as `u64` slots holding the bits of their core type (i32 and f32 zero-extended,
//! i64 and f64 as they are). In that form the canonical ABI's joining of variant payloads (i32 with f32,
//! anything with i64) needs no conversions: a payload reads its own bits from the joined slot.
#![allow(dead_code, clippy::all)]

use ::core::alloc::Layout;
use ::core::cell::UnsafeCell;
use ::core::mem::MaybeUninit;

pub use ::std::boxed::Box;
pub use ::std::string::String;
pub use ::std::vec::Vec;

/// Most flat values a call passes directly; more go through memory.
pub const MAX_FLAT: usize = 16;

pub const fn align_to(offset: usize, align: usize) -> usize {
    (offset + align - 1) / align * align
}

pub const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// The allocator the host calls to place arguments and results in this module's memory.
pub unsafe fn cabi_realloc(old: *mut u8, old_len: usize, align: usize, new_len: usize) -> *mut u8 {
    unsafe {
        if new_len == 0 {
            if old_len != 0 {
                dealloc(old, old_len, align);
            }
            return align as *mut u8;
        }
        let layout = Layout::from_size_align_unchecked(new_len, align);
        let ptr = if old_len == 0 {
            ::std::alloc::alloc(layout)
        } else {
            ::std::alloc::realloc(old, Layout::from_size_align_unchecked(old_len, align), new_len)
        };
        if ptr.is_null() {
            ::std::alloc::handle_alloc_error(layout);
        }
        ptr
    }
}

pub fn alloc(size: usize, align: usize) -> *mut u8 {
    if size == 0 {
        return align as *mut u8;
    }
    unsafe {
        let layout = Layout::from_size_align_unchecked(size, align);
        let ptr = ::std::alloc::alloc(layout);
        if ptr.is_null() {
            ::std::alloc::handle_alloc_error(layout);
        }
        ptr
    }
}

pub unsafe fn dealloc(ptr: *mut u8, size: usize, align: usize) {
    if size != 0 {
        unsafe { ::std::alloc::dealloc(ptr, Layout::from_size_align_unchecked(size, align)) }
    }
}

#[cold]
pub fn invalid_discriminant() -> ! {
    panic!("invalid discriminant in a canonical ABI value")
}

/// Flat values coming in: an export's arguments, an import's result.
pub struct FlatIn<'a> {
    slots: &'a [u64],
    pos: usize,
}

impl<'a> FlatIn<'a> {
    #[inline]
    pub fn new(slots: &'a [u64]) -> Self {
        Self { slots, pos: 0 }
    }
    #[inline]
    pub fn next(&mut self) -> u64 {
        let value = self.slots[self.pos];
        self.pos += 1;
        value
    }
    #[inline]
    pub fn next_ptr(&mut self) -> *mut u8 {
        self.next() as u32 as usize as *mut u8
    }
    #[inline]
    pub fn next_len(&mut self) -> usize {
        self.next() as u32 as usize
    }
    #[inline]
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// Skips what a smaller variant case left of the joined payload slots.
    #[inline]
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }
}

/// Flat values going out: an import's arguments, an export's result.
pub struct FlatOut {
    slots: [u64; MAX_FLAT],
    len: usize,
}

impl FlatOut {
    #[inline]
    pub fn new() -> Self {
        Self { slots: [0; MAX_FLAT], len: 0 }
    }
    #[inline]
    pub fn push(&mut self, value: u64) {
        self.slots[self.len] = value;
        self.len += 1;
    }
    #[inline]
    pub fn push_ptr(&mut self, ptr: *const u8) {
        self.push(ptr as usize as u64)
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }
    /// Zero-fills the joined payload slots a smaller variant case does not use.
    #[inline]
    pub fn pad_to(&mut self, len: usize) {
        while self.len < len {
            self.push(0);
        }
    }
    #[inline]
    pub fn slots(&self) -> &[u64] {
        &self.slots[..self.len]
    }
    #[inline]
    pub fn i32(&self, index: usize) -> i32 {
        self.slots[index] as u32 as i32
    }
    #[inline]
    pub fn i64(&self, index: usize) -> i64 {
        self.slots[index] as i64
    }
    #[inline]
    pub fn f32(&self, index: usize) -> f32 {
        f32::from_bits(self.slots[index] as u32)
    }
    #[inline]
    pub fn f64(&self, index: usize) -> f64 {
        f64::from_bits(self.slots[index])
    }
}

#[inline]
pub fn slot_i32(value: i32) -> u64 {
    value as u32 as u64
}
#[inline]
pub fn slot_i64(value: i64) -> u64 {
    value as u64
}
#[inline]
pub fn slot_f32(value: f32) -> u64 {
    value.to_bits() as u64
}
#[inline]
pub fn slot_f64(value: f64) -> u64 {
    value.to_bits()
}

/// Buffers an import call borrows for its arguments; freed when the call has returned.
pub struct Temps(Vec<(*mut u8, usize, usize)>);

impl Temps {
    #[inline]
    pub fn new() -> Self {
        Self(Vec::new())
    }
    pub fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        let ptr = alloc(size, align);
        if size != 0 {
            self.0.push((ptr, size, align));
        }
        ptr
    }
}

impl Drop for Temps {
    fn drop(&mut self) {
        for &(ptr, size, align) in &self.0 {
            unsafe { dealloc(ptr, size, align) }
        }
    }
}

/// An import's return area, on the caller's stack.
#[repr(C, align(8))]
pub struct RetArea<const N: usize>([MaybeUninit<u8>; N]);

impl<const N: usize> RetArea<N> {
    #[inline]
    pub const fn new() -> Self {
        Self([MaybeUninit::uninit(); N])
    }
    #[inline]
    pub fn ptr(&mut self) -> *mut u8 {
        self.0.as_mut_ptr().cast()
    }
}

/// An export's return area: it must outlive the call until post-return, so it is static.
pub struct StaticRetArea<const N: usize>(UnsafeCell<RetArea<N>>);

// A component instance is single-threaded, and the area is only used between a call and its post-return.
unsafe impl<const N: usize> Sync for StaticRetArea<N> {}

impl<const N: usize> StaticRetArea<N> {
    pub const fn new() -> Self {
        Self(UnsafeCell::new(RetArea::new()))
    }
    #[inline]
    pub fn ptr(&self) -> *mut u8 {
        self.0.get().cast()
    }
}

/// The canonical ABI shape of a type.
pub unsafe trait Canon {
    const SIZE: usize;
    const ALIGN: usize;
    const FLAT: usize;
    /// The Rust representation is the canonical one (integers, floats): lists of it are passed as they are.
    const PLAIN: bool = false;
}

/// Values coming in. Lifting takes ownership of the memory the value points to (allocated with `cabi_realloc`).
pub trait Lift: Canon + Sized {
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self;
    unsafe fn load(ptr: *const u8) -> Self;
}

/// Values going out by move: strings and lists become allocations that `free` and `free_flat` release
/// (an export's post-return, or after an import call that took an owned handle).
pub trait Lower: Canon + Sized {
    fn lower(self, out: &mut FlatOut);
    unsafe fn store(self, ptr: *mut u8);
    unsafe fn free(ptr: *const u8);
    unsafe fn free_flat(flat: &mut FlatIn<'_>);
}

/// Values going out by reference (an import's arguments): strings and plain lists point at the value itself,
/// other lists are copied into buffers `temps` frees after the call.
pub trait LowerRef: Canon {
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps);
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps);
}

#[inline]
pub unsafe fn read<T: Copy>(ptr: *const u8) -> T {
    unsafe { ptr.cast::<T>().read_unaligned() }
}

#[inline]
pub unsafe fn write<T>(ptr: *mut u8, value: T) {
    unsafe { ptr.cast::<T>().write_unaligned(value) }
}

#[inline]
pub unsafe fn read_ptr(ptr: *const u8) -> *mut u8 {
    unsafe { read::<u32>(ptr) as usize as *mut u8 }
}

#[inline]
pub unsafe fn read_len(ptr: *const u8) -> usize {
    unsafe { read::<u32>(ptr) as usize }
}

unsafe impl<T: Canon + ?Sized> Canon for &T {
    const SIZE: usize = T::SIZE;
    const ALIGN: usize = T::ALIGN;
    const FLAT: usize = T::FLAT;
}

impl<T: LowerRef + ?Sized> LowerRef for &T {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        (**self).lower_ref(out, temps)
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        unsafe { (**self).store_ref(ptr, temps) }
    }
}

macro_rules! number {
    ($t:ty, $size:expr, $to_slot:expr, $from_slot:expr) => {
        unsafe impl Canon for $t {
            const SIZE: usize = $size;
            const ALIGN: usize = $size;
            const FLAT: usize = 1;
            const PLAIN: bool = true;
        }
        impl Lift for $t {
            #[inline]
            unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
                let from: fn(u64) -> $t = $from_slot;
                from(flat.next())
            }
            #[inline]
            unsafe fn load(ptr: *const u8) -> Self {
                unsafe { read::<$t>(ptr) }
            }
        }
        impl Lower for $t {
            #[inline]
            fn lower(self, out: &mut FlatOut) {
                let to: fn($t) -> u64 = $to_slot;
                out.push(to(self))
            }
            #[inline]
            unsafe fn store(self, ptr: *mut u8) {
                unsafe { write(ptr, self) }
            }
            #[inline]
            unsafe fn free(_ptr: *const u8) {}
            #[inline]
            unsafe fn free_flat(flat: &mut FlatIn<'_>) {
                flat.next();
            }
        }
        impl LowerRef for $t {
            #[inline]
            fn lower_ref(&self, out: &mut FlatOut, _temps: &mut Temps) {
                (*self).lower(out)
            }
            #[inline]
            unsafe fn store_ref(&self, ptr: *mut u8, _temps: &mut Temps) {
                unsafe { (*self).store(ptr) }
            }
        }
    };
}

number!(u8, 1, |v| v as u64, |s| s as u8);
number!(u16, 2, |v| v as u64, |s| s as u16);
number!(u32, 4, |v| v as u64, |s| s as u32);
number!(u64, 8, |v| v, |s| s);
number!(i8, 1, |v| v as i32 as u32 as u64, |s| s as u32 as i8);
number!(i16, 2, |v| v as i32 as u32 as u64, |s| s as u32 as i16);
number!(i32, 4, |v| v as u32 as u64, |s| s as u32 as i32);
number!(i64, 8, |v| v as u64, |s| s as i64);
number!(f32, 4, |v| v.to_bits() as u64, |s| f32::from_bits(s as u32));
number!(f64, 8, |v| v.to_bits(), |s| f64::from_bits(s));

unsafe impl Canon for bool {
    const SIZE: usize = 1;
    const ALIGN: usize = 1;
    const FLAT: usize = 1;
}
impl Lift for bool {
    #[inline]
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        flat.next() as u32 != 0
    }
    #[inline]
    unsafe fn load(ptr: *const u8) -> Self {
        unsafe { read::<u8>(ptr) != 0 }
    }
}
impl Lower for bool {
    #[inline]
    fn lower(self, out: &mut FlatOut) {
        out.push(self as u64)
    }
    #[inline]
    unsafe fn store(self, ptr: *mut u8) {
        unsafe { write(ptr, self as u8) }
    }
    #[inline]
    unsafe fn free(_ptr: *const u8) {}
    #[inline]
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        flat.next();
    }
}
impl LowerRef for bool {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, _temps: &mut Temps) {
        (*self).lower(out)
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, _temps: &mut Temps) {
        unsafe { (*self).store(ptr) }
    }
}

unsafe impl Canon for char {
    const SIZE: usize = 4;
    const ALIGN: usize = 4;
    const FLAT: usize = 1;
}
impl Lift for char {
    #[inline]
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        char::from_u32(flat.next() as u32).expect("invalid char in a canonical ABI value")
    }
    #[inline]
    unsafe fn load(ptr: *const u8) -> Self {
        char::from_u32(unsafe { read::<u32>(ptr) }).expect("invalid char in a canonical ABI value")
    }
}
impl Lower for char {
    #[inline]
    fn lower(self, out: &mut FlatOut) {
        out.push(self as u64)
    }
    #[inline]
    unsafe fn store(self, ptr: *mut u8) {
        unsafe { write(ptr, self as u32) }
    }
    #[inline]
    unsafe fn free(_ptr: *const u8) {}
    #[inline]
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        flat.next();
    }
}
impl LowerRef for char {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, _temps: &mut Temps) {
        (*self).lower(out)
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, _temps: &mut Temps) {
        unsafe { (*self).store(ptr) }
    }
}

unsafe impl Canon for () {
    const SIZE: usize = 0;
    const ALIGN: usize = 1;
    const FLAT: usize = 0;
}
impl Lift for () {
    #[inline]
    unsafe fn lift(_flat: &mut FlatIn<'_>) -> Self {}
    #[inline]
    unsafe fn load(_ptr: *const u8) -> Self {}
}
impl Lower for () {
    #[inline]
    fn lower(self, _out: &mut FlatOut) {}
    #[inline]
    unsafe fn store(self, _ptr: *mut u8) {}
    #[inline]
    unsafe fn free(_ptr: *const u8) {}
    #[inline]
    unsafe fn free_flat(_flat: &mut FlatIn<'_>) {}
}
impl LowerRef for () {
    #[inline]
    fn lower_ref(&self, _out: &mut FlatOut, _temps: &mut Temps) {}
    #[inline]
    unsafe fn store_ref(&self, _ptr: *mut u8, _temps: &mut Temps) {}
}

// ---- strings ----

unsafe fn take_string(ptr: *mut u8, len: usize) -> String {
    if len == 0 {
        return String::new();
    }
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    if cfg!(debug_assertions) {
        String::from_utf8(bytes).expect("invalid UTF-8 in a canonical ABI string")
    } else {
        unsafe { String::from_utf8_unchecked(bytes) }
    }
}

fn give_string(value: String) -> (*mut u8, usize) {
    let bytes = value.into_bytes().into_boxed_slice();
    let len = bytes.len();
    (Box::into_raw(bytes).cast::<u8>(), len)
}

unsafe impl Canon for String {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
}
unsafe impl Canon for str {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
}
impl Lift for String {
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        let ptr = flat.next_ptr();
        let len = flat.next_len();
        unsafe { take_string(ptr, len) }
    }
    unsafe fn load(ptr: *const u8) -> Self {
        unsafe { take_string(read_ptr(ptr), read_len(ptr.add(4))) }
    }
}
impl Lower for String {
    fn lower(self, out: &mut FlatOut) {
        let (ptr, len) = give_string(self);
        out.push_ptr(ptr);
        out.push(len as u64);
    }
    unsafe fn store(self, ptr: *mut u8) {
        let (data, len) = give_string(self);
        unsafe {
            write(ptr, data as usize as u32);
            write(ptr.add(4), len as u32);
        }
    }
    unsafe fn free(ptr: *const u8) {
        unsafe { dealloc(read_ptr(ptr), read_len(ptr.add(4)), 1) }
    }
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        let ptr = flat.next_ptr();
        let len = flat.next_len();
        unsafe { dealloc(ptr, len, 1) }
    }
}
impl LowerRef for str {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, _temps: &mut Temps) {
        out.push_ptr(self.as_ptr());
        out.push(self.len() as u64);
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, _temps: &mut Temps) {
        unsafe {
            write(ptr, self.as_ptr() as usize as u32);
            write(ptr.add(4), self.len() as u32);
        }
    }
}
impl LowerRef for String {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        self.as_str().lower_ref(out, temps)
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        unsafe { self.as_str().store_ref(ptr, temps) }
    }
}

// ---- lists ----

unsafe fn take_list<T: Lift>(ptr: *mut u8, len: usize) -> Vec<T> {
    if len == 0 {
        return Vec::new();
    }
    if T::PLAIN {
        return unsafe { Vec::from_raw_parts(ptr.cast::<T>(), len, len) };
    }
    let mut list = Vec::with_capacity(len);
    for i in 0..len {
        list.push(unsafe { T::load(ptr.add(i * T::SIZE)) });
    }
    unsafe { dealloc(ptr, len * T::SIZE, T::ALIGN) };
    list
}

fn give_list<T: Lower>(list: Vec<T>) -> (*mut u8, usize) {
    let len = list.len();
    if T::PLAIN {
        return (Box::into_raw(list.into_boxed_slice()).cast::<u8>(), len);
    }
    let ptr = alloc(len * T::SIZE, T::ALIGN);
    for (i, item) in list.into_iter().enumerate() {
        unsafe { item.store(ptr.add(i * T::SIZE)) };
    }
    (ptr, len)
}

unsafe fn free_list<T: Lower>(ptr: *mut u8, len: usize) {
    if !T::PLAIN {
        for i in 0..len {
            unsafe { T::free(ptr.add(i * T::SIZE)) };
        }
    }
    unsafe { dealloc(ptr, len * T::SIZE, T::ALIGN) }
}

fn lend_list<T: LowerRef>(list: &[T], temps: &mut Temps) -> (*const u8, usize) {
    if T::PLAIN {
        return (list.as_ptr().cast::<u8>(), list.len());
    }
    let ptr = temps.alloc(list.len() * T::SIZE, T::ALIGN);
    for (i, item) in list.iter().enumerate() {
        unsafe { item.store_ref(ptr.add(i * T::SIZE), temps) };
    }
    (ptr, list.len())
}

unsafe impl<T> Canon for Vec<T> {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
}
unsafe impl<T> Canon for [T] {
    const SIZE: usize = 8;
    const ALIGN: usize = 4;
    const FLAT: usize = 2;
}
impl<T: Lift> Lift for Vec<T> {
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        let ptr = flat.next_ptr();
        let len = flat.next_len();
        unsafe { take_list(ptr, len) }
    }
    unsafe fn load(ptr: *const u8) -> Self {
        unsafe { take_list(read_ptr(ptr), read_len(ptr.add(4))) }
    }
}
impl<T: Lower> Lower for Vec<T> {
    fn lower(self, out: &mut FlatOut) {
        let (ptr, len) = give_list(self);
        out.push_ptr(ptr);
        out.push(len as u64);
    }
    unsafe fn store(self, ptr: *mut u8) {
        let (data, len) = give_list(self);
        unsafe {
            write(ptr, data as usize as u32);
            write(ptr.add(4), len as u32);
        }
    }
    unsafe fn free(ptr: *const u8) {
        unsafe { free_list::<T>(read_ptr(ptr), read_len(ptr.add(4))) }
    }
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        let ptr = flat.next_ptr();
        let len = flat.next_len();
        unsafe { free_list::<T>(ptr, len) }
    }
}
impl<T: LowerRef> LowerRef for [T] {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        let (ptr, len) = lend_list(self, temps);
        out.push_ptr(ptr);
        out.push(len as u64);
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        let (data, len) = lend_list(self, temps);
        unsafe {
            write(ptr, data as usize as u32);
            write(ptr.add(4), len as u32);
        }
    }
}
impl<T: LowerRef> LowerRef for Vec<T> {
    #[inline]
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        self.as_slice().lower_ref(out, temps)
    }
    #[inline]
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        unsafe { self.as_slice().store_ref(ptr, temps) }
    }
}

// ---- option and result: variants with a u8 discriminant ----

unsafe impl<T: Canon> Canon for Option<T> {
    const SIZE: usize = align_to(align_to(1, T::ALIGN) + T::SIZE, Self::ALIGN);
    const ALIGN: usize = max(1, T::ALIGN);
    const FLAT: usize = 1 + T::FLAT;
}
impl<T: Canon> OptionLayout for Option<T> {}
trait OptionLayout: Canon {
    const PAYLOAD: usize = align_to(1, Self::ALIGN);
}
impl<T: Lift> Lift for Option<T> {
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        let start = flat.pos();
        let value = match flat.next() as u32 {
            0 => None,
            1 => Some(unsafe { T::lift(flat) }),
            _ => invalid_discriminant(),
        };
        flat.seek(start + Self::FLAT);
        value
    }
    unsafe fn load(ptr: *const u8) -> Self {
        match unsafe { read::<u8>(ptr) } {
            0 => None,
            1 => Some(unsafe { T::load(ptr.add(Self::PAYLOAD)) }),
            _ => invalid_discriminant(),
        }
    }
}
impl<T: Lower> Lower for Option<T> {
    fn lower(self, out: &mut FlatOut) {
        let start = out.len();
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.lower(out);
            }
        }
        out.pad_to(start + Self::FLAT);
    }
    unsafe fn store(self, ptr: *mut u8) {
        unsafe {
            match self {
                None => write(ptr, 0u8),
                Some(value) => {
                    write(ptr, 1u8);
                    value.store(ptr.add(Self::PAYLOAD));
                }
            }
        }
    }
    unsafe fn free(ptr: *const u8) {
        unsafe {
            if read::<u8>(ptr) == 1 {
                T::free(ptr.add(Self::PAYLOAD));
            }
        }
    }
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        let start = flat.pos();
        if flat.next() as u32 == 1 {
            unsafe { T::free_flat(flat) };
        }
        flat.seek(start + Self::FLAT);
    }
}
impl<T: LowerRef> LowerRef for Option<T> {
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        let start = out.len();
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.lower_ref(out, temps);
            }
        }
        out.pad_to(start + Self::FLAT);
    }
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        unsafe {
            match self {
                None => write(ptr, 0u8),
                Some(value) => {
                    write(ptr, 1u8);
                    value.store_ref(ptr.add(Self::PAYLOAD), temps);
                }
            }
        }
    }
}

unsafe impl<T: Canon, E: Canon> Canon for Result<T, E> {
    const SIZE: usize = align_to(align_to(1, max(T::ALIGN, E::ALIGN)) + max(T::SIZE, E::SIZE), Self::ALIGN);
    const ALIGN: usize = max(1, max(T::ALIGN, E::ALIGN));
    const FLAT: usize = 1 + max(T::FLAT, E::FLAT);
}
trait ResultLayout: Canon {
    const PAYLOAD: usize = align_to(1, Self::ALIGN);
}
impl<T: Canon, E: Canon> ResultLayout for Result<T, E> {}
impl<T: Lift, E: Lift> Lift for Result<T, E> {
    unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
        let start = flat.pos();
        let value = match flat.next() as u32 {
            0 => Ok(unsafe { T::lift(flat) }),
            1 => Err(unsafe { E::lift(flat) }),
            _ => invalid_discriminant(),
        };
        flat.seek(start + Self::FLAT);
        value
    }
    unsafe fn load(ptr: *const u8) -> Self {
        match unsafe { read::<u8>(ptr) } {
            0 => Ok(unsafe { T::load(ptr.add(Self::PAYLOAD)) }),
            1 => Err(unsafe { E::load(ptr.add(Self::PAYLOAD)) }),
            _ => invalid_discriminant(),
        }
    }
}
impl<T: Lower, E: Lower> Lower for Result<T, E> {
    fn lower(self, out: &mut FlatOut) {
        let start = out.len();
        match self {
            Ok(value) => {
                out.push(0);
                value.lower(out);
            }
            Err(error) => {
                out.push(1);
                error.lower(out);
            }
        }
        out.pad_to(start + Self::FLAT);
    }
    unsafe fn store(self, ptr: *mut u8) {
        unsafe {
            match self {
                Ok(value) => {
                    write(ptr, 0u8);
                    value.store(ptr.add(Self::PAYLOAD));
                }
                Err(error) => {
                    write(ptr, 1u8);
                    error.store(ptr.add(Self::PAYLOAD));
                }
            }
        }
    }
    unsafe fn free(ptr: *const u8) {
        unsafe {
            match read::<u8>(ptr) {
                0 => T::free(ptr.add(Self::PAYLOAD)),
                _ => E::free(ptr.add(Self::PAYLOAD)),
            }
        }
    }
    unsafe fn free_flat(flat: &mut FlatIn<'_>) {
        let start = flat.pos();
        match flat.next() as u32 {
            0 => unsafe { T::free_flat(flat) },
            _ => unsafe { E::free_flat(flat) },
        }
        flat.seek(start + Self::FLAT);
    }
}
impl<T: LowerRef, E: LowerRef> LowerRef for Result<T, E> {
    fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
        let start = out.len();
        match self {
            Ok(value) => {
                out.push(0);
                value.lower_ref(out, temps);
            }
            Err(error) => {
                out.push(1);
                error.lower_ref(out, temps);
            }
        }
        out.pad_to(start + Self::FLAT);
    }
    unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
        unsafe {
            match self {
                Ok(value) => {
                    write(ptr, 0u8);
                    value.store_ref(ptr.add(Self::PAYLOAD), temps);
                }
                Err(error) => {
                    write(ptr, 1u8);
                    error.store_ref(ptr.add(Self::PAYLOAD), temps);
                }
            }
        }
    }
}

// ---- tuples: records of their elements ----

macro_rules! tuple {
    ($($t:ident $v:ident),+) => {
        unsafe impl<$($t: Canon),+> Canon for ($($t,)+) {
            const ALIGN: usize = { let mut align = 1; $(align = max(align, $t::ALIGN);)+ align };
            const SIZE: usize = { let mut offset = 0; $(offset = align_to(offset, $t::ALIGN) + $t::SIZE;)+ align_to(offset, Self::ALIGN) };
            const FLAT: usize = 0 $(+ $t::FLAT)+;
        }
        impl<$($t: Lift),+> Lift for ($($t,)+) {
            unsafe fn lift(flat: &mut FlatIn<'_>) -> Self {
                unsafe { ($($t::lift(flat),)+) }
            }
            unsafe fn load(ptr: *const u8) -> Self {
                let mut offset = 0;
                $(
                    offset = align_to(offset, $t::ALIGN);
                    let $v = unsafe { $t::load(ptr.add(offset)) };
                    offset += $t::SIZE;
                )+
                let _ = offset;
                ($($v,)+)
            }
        }
        impl<$($t: Lower),+> Lower for ($($t,)+) {
            fn lower(self, out: &mut FlatOut) {
                let ($($v,)+) = self;
                $($v.lower(out);)+
            }
            unsafe fn store(self, ptr: *mut u8) {
                let ($($v,)+) = self;
                let mut offset = 0;
                $(
                    offset = align_to(offset, $t::ALIGN);
                    unsafe { $v.store(ptr.add(offset)) };
                    offset += $t::SIZE;
                )+
                let _ = offset;
            }
            unsafe fn free(ptr: *const u8) {
                let mut offset = 0;
                $(
                    offset = align_to(offset, $t::ALIGN);
                    unsafe { $t::free(ptr.add(offset)) };
                    offset += $t::SIZE;
                )+
                let _ = offset;
            }
            unsafe fn free_flat(flat: &mut FlatIn<'_>) {
                $(unsafe { $t::free_flat(flat) };)+
            }
        }
        impl<$($t: LowerRef),+> LowerRef for ($($t,)+) {
            fn lower_ref(&self, out: &mut FlatOut, temps: &mut Temps) {
                let ($($v,)+) = self;
                $($v.lower_ref(out, temps);)+
            }
            unsafe fn store_ref(&self, ptr: *mut u8, temps: &mut Temps) {
                let ($($v,)+) = self;
                let mut offset = 0;
                $(
                    offset = align_to(offset, $t::ALIGN);
                    unsafe { $v.store_ref(ptr.add(offset), temps) };
                    offset += $t::SIZE;
                )+
                let _ = offset;
            }
        }
    };
}

tuple!(A a);
tuple!(A a, B b);
tuple!(A a, B b, C c);
tuple!(A a, B b, C c, D d);
tuple!(A a, B b, C c, D d, E e);
tuple!(A a, B b, C c, D d, E e, F f);
tuple!(A a, B b, C c, D d, E e, F f, G g);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o);
tuple!(A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p);

// ---- flags: a bitflags-like struct over the smallest integer holding every flag ----

macro_rules! flags {
    ($(#[$attr:meta])* pub struct $name:ident : $repr:ty, size $size:literal, align $align:literal, words $words:literal {
        $($(#[$flag_attr:meta])* const $flag:ident = $bit:literal, $flag_name:literal;)*
    }) => {
        $(#[$attr])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name {
            bits: $repr,
        }

        impl $name {
            $($(#[$flag_attr])* pub const $flag: Self = Self { bits: (1 as $repr) << $bit };)*

            /// No flag set.
            pub const fn empty() -> Self {
                Self { bits: 0 }
            }
            /// Every flag set.
            pub const fn all() -> Self {
                Self { bits: 0 $(| ((1 as $repr) << $bit))* }
            }
            /// The flags as bits, the first flag in the lowest bit.
            pub const fn bits(&self) -> $repr {
                self.bits
            }
            /// Flags from bits; `None` when a bit names no flag.
            pub const fn from_bits(bits: $repr) -> ::core::option::Option<Self> {
                if bits & !Self::all().bits == 0 { ::core::option::Option::Some(Self { bits }) } else { ::core::option::Option::None }
            }
            /// Flags from bits, dropping bits that name no flag.
            pub const fn from_bits_truncate(bits: $repr) -> Self {
                Self { bits: bits & Self::all().bits }
            }
            /// Flags from bits as they are.
            pub const fn from_bits_retain(bits: $repr) -> Self {
                Self { bits }
            }
            pub const fn is_empty(&self) -> bool {
                self.bits == 0
            }
            pub const fn is_all(&self) -> bool {
                self.bits == Self::all().bits
            }
            /// Whether every flag of `other` is set here.
            pub const fn contains(&self, other: Self) -> bool {
                self.bits & other.bits == other.bits
            }
            /// Whether any flag of `other` is set here.
            pub const fn intersects(&self, other: Self) -> bool {
                self.bits & other.bits != 0
            }
            pub fn insert(&mut self, other: Self) {
                self.bits |= other.bits;
            }
            pub fn remove(&mut self, other: Self) {
                self.bits &= !other.bits;
            }
            pub fn toggle(&mut self, other: Self) {
                self.bits ^= other.bits;
            }
            pub fn set(&mut self, other: Self, value: bool) {
                if value { self.insert(other) } else { self.remove(other) }
            }
            pub const fn union(self, other: Self) -> Self {
                Self { bits: self.bits | other.bits }
            }
            pub const fn intersection(self, other: Self) -> Self {
                Self { bits: self.bits & other.bits }
            }
            pub const fn difference(self, other: Self) -> Self {
                Self { bits: self.bits & !other.bits }
            }
            pub const fn symmetric_difference(self, other: Self) -> Self {
                Self { bits: self.bits ^ other.bits }
            }
            pub const fn complement(self) -> Self {
                Self { bits: !self.bits & Self::all().bits }
            }
            /// The WIT names of the set flags, in declaration order.
            pub fn names(&self) -> impl ::core::iter::Iterator<Item = &'static str> + '_ {
                [$(($flag_name, Self::$flag)),*].into_iter().filter(move |(_, flag)| self.contains(*flag)).map(|(name, _)| name)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(stringify!($name))?;
                f.write_str("(")?;
                let mut first = true;
                $(
                    if self.contains(Self::$flag) {
                        if !first { f.write_str(" | ")?; }
                        first = false;
                        f.write_str(stringify!($flag))?;
                    }
                )*
                if first { f.write_str("empty")?; }
                f.write_str(")")
            }
        }

        impl ::core::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, other: Self) -> Self { self.union(other) }
        }
        impl ::core::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, other: Self) { self.insert(other) }
        }
        impl ::core::ops::BitAnd for $name {
            type Output = Self;
            fn bitand(self, other: Self) -> Self { self.intersection(other) }
        }
        impl ::core::ops::BitAndAssign for $name {
            fn bitand_assign(&mut self, other: Self) { self.bits &= other.bits }
        }
        impl ::core::ops::BitXor for $name {
            type Output = Self;
            fn bitxor(self, other: Self) -> Self { self.symmetric_difference(other) }
        }
        impl ::core::ops::BitXorAssign for $name {
            fn bitxor_assign(&mut self, other: Self) { self.toggle(other) }
        }
        impl ::core::ops::Sub for $name {
            type Output = Self;
            fn sub(self, other: Self) -> Self { self.difference(other) }
        }
        impl ::core::ops::SubAssign for $name {
            fn sub_assign(&mut self, other: Self) { self.remove(other) }
        }
        impl ::core::ops::Not for $name {
            type Output = Self;
            fn not(self) -> Self { self.complement() }
        }

        unsafe impl $crate::_rt::Canon for $name {
            const SIZE: usize = $size;
            const ALIGN: usize = $align;
            const FLAT: usize = $words;
        }
        impl $crate::_rt::Lift for $name {
            unsafe fn lift(flat: &mut $crate::_rt::FlatIn<'_>) -> Self {
                let mut bits: u128 = 0;
                for word in 0..$words {
                    bits |= ((flat.next() as u32) as u128) << (32 * word);
                }
                Self { bits: bits as $repr }
            }
            unsafe fn load(ptr: *const u8) -> Self {
                // 1, 2 or 4 bytes up to 32 flags, then one 32-bit word per 32 (never the whole u64/u128).
                let mut bits: u128 = 0;
                if $words == 1 {
                    bits = unsafe { $crate::_rt::read::<$repr>(ptr) } as u128;
                } else {
                    for word in 0..$words {
                        bits |= (unsafe { $crate::_rt::read::<u32>(ptr.add(4 * word)) } as u128) << (32 * word);
                    }
                }
                Self { bits: bits as $repr }
            }
        }
        impl $crate::_rt::Lower for $name {
            fn lower(self, out: &mut $crate::_rt::FlatOut) {
                let bits = self.bits as u128;
                for word in 0..$words {
                    out.push((bits >> (32 * word)) as u32 as u64);
                }
            }
            unsafe fn store(self, ptr: *mut u8) {
                if $words == 1 {
                    unsafe { $crate::_rt::write(ptr, self.bits) }
                } else {
                    let bits = self.bits as u128;
                    for word in 0..$words {
                        unsafe { $crate::_rt::write(ptr.add(4 * word), (bits >> (32 * word)) as u32) }
                    }
                }
            }
            unsafe fn free(_ptr: *const u8) {}
            unsafe fn free_flat(flat: &mut $crate::_rt::FlatIn<'_>) {
                for _ in 0..$words {
                    flat.next();
                }
            }
        }
        impl $crate::_rt::LowerRef for $name {
            fn lower_ref(&self, out: &mut $crate::_rt::FlatOut, _temps: &mut $crate::_rt::Temps) {
                $crate::_rt::Lower::lower(*self, out)
            }
            unsafe fn store_ref(&self, ptr: *mut u8, _temps: &mut $crate::_rt::Temps) {
                unsafe { $crate::_rt::Lower::store(*self, ptr) }
            }
        }
    };
}

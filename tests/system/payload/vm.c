/* Sv39 checks: identity map with 1 GiB pages, 2 MiB and 4 KiB mappings, page faults, SUM, MXR. */
#include "payload.h"

#define MEGA_PA 0x80800000ul     /* 2 MiB-aligned free RAM behind the payload */
#define MEGA_VA 0x40200000ul     /* l1[1]: a 2 MiB page onto MEGA_PA */
#define BAD_MEGA_VA 0x40400000ul /* l1[2]: a misaligned 2 MiB page */
#define AD_MEGA_VA 0x40600000ul  /* l1[3]: a 2 MiB page with A and D clear */
#define BAD_GIGA_VA 0xc0000000ul /* root[3]: a misaligned 1 GiB page */
#define UNMAPPED_VA 0x100000000ul
#define NONCANONICAL_VA 0x4000000000ul /* bit 38 set, bits 63:39 clear */

static u64 root[512] __attribute__((aligned(4096)));
static u64 l1[512] __attribute__((aligned(4096)));
static u64 l0[512] __attribute__((aligned(4096)));
static u8 pages[24][4096] __attribute__((aligned(4096)));
/* A second address space (ASID 2) sharing the global identity map. */
static u64 root2[512] __attribute__((aligned(4096)));
static u64 l1_2[512] __attribute__((aligned(4096)));
static u64 l0_2[512] __attribute__((aligned(4096)));

static u64 pte(u64 pa, u64 flags) { return ((pa >> 12) << 10) | flags; }
u64 test_va(unsigned slot) { return TEST_VA_BASE + slot * 4096ul; }
volatile u64* pte_of_slot(unsigned slot) { return &l0[slot]; }
u8* scratch_page(unsigned index) { return pages[index]; }
void sfence_vma(u64 va) { __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }
void map_slot(unsigned slot, u64 pa, u64 flags) {
  l0[slot] = pte(pa, flags | PTE_V);
  sfence_vma(test_va(slot));
}

static u64 load(u64 va) { return *(volatile u64*)va; }
static void store(u64 va, u64 v) { *(volatile u64*)va = v; }
static long call(u64 va) { return ((long (*)(void))va)(); }

/* Loads through TRAP_SKIP: returns 1 when the load faulted with a load page fault at va. */
static int load_faults(u64 va) {
  expect_trap(TRAP_SKIP, 0);
  (void)load(va);
  return last_trap.count == 1 && last_trap.cause == CAUSE_LOAD_PAGE && last_trap.tval == va;
}
static int load_faults_at(u64 va, u64 tval) {
  expect_trap(TRAP_SKIP, 0);
  (void)load(va);
  return last_trap.count == 1 && last_trap.cause == CAUSE_LOAD_PAGE && last_trap.tval == tval;
}
static int store_faults(u64 va) {
  expect_trap(TRAP_SKIP, 0);
  store(va, 0x5a5a);
  return last_trap.count == 1 && last_trap.cause == CAUSE_STORE_PAGE && last_trap.tval == va;
}
static int fetch_faults(u64 va) {
  expect_trap(TRAP_RETURN, 0);
  const long r = call(va);
  return r == (long)~(u64)CAUSE_FETCH_PAGE && last_trap.count == 1 && last_trap.tval == va;
}

static void write_code(u8* page, unsigned offset, const u16* halves, unsigned n) {
  for (unsigned i = 0; i < n; ++i) *(volatile u16*)(page + offset + 2 * i) = halves[i];
  __asm__ volatile("fence.i" ::: "memory");
}
/* li a0, 42; ret */
static const u16 kReturn42[] = {0x0513, 0x02a0, 0x8067, 0x0000};

static void map_on_demand(u64 cause, u64 tval) {
  const unsigned slot = (unsigned)((tval - TEST_VA_BASE) / 4096);
  const u64 flags = cause == CAUSE_FETCH_PAGE ? PTE_X | PTE_A : PTE_R | PTE_W | PTE_A | PTE_D;
  map_slot(slot, (u64)pages[slot == 12 ? 13 : slot], flags);
}

static void enable_sv39(void) {
  root[0] = pte(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G); /* MMIO, test device */
  root[1] = pte((u64)l1, PTE_V);
  root[2] = pte(0x80000000ul, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G);
  root[3] = pte(0x80200000ul, PTE_V | PTE_R | PTE_A | PTE_D); /* misaligned 1 GiB */
  l1[0] = pte((u64)l0, PTE_V);
  l1[1] = pte(MEGA_PA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
  l1[2] = pte(MEGA_PA + 4096, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); /* misaligned 2 MiB */
  __asm__ volatile("sfence.vma" ::: "memory");
  const u64 satp = (8ul << 60) | ((u64)root >> 12);
  csr_write(satp, satp);
  __asm__ volatile("sfence.vma" ::: "memory");
  check_eq(csr_read(satp), satp, "Sv39 on: satp reads back, identity-mapped code keeps running");
}

static void test_mappings(void) {
  map_slot(0, (u64)pages[0], PTE_R | PTE_W | PTE_A | PTE_D);
  store((u64)pages[0] + 8, 0x1111222233334444ul);
  check_eq(load(test_va(0) + 8), 0x1111222233334444ul, "a 4 KiB alias reads the same page");
  store(test_va(0) + 16, 0x5555666677778888ul);
  check_eq(load((u64)pages[0] + 16), 0x5555666677778888ul, "a store through the alias lands");

  store(MEGA_PA + 0x12340, 0xabcdef);
  check_eq(load(MEGA_VA + 0x12340), 0xabcdef, "a 2 MiB page maps VA bits 20:0 through");
  check(load_faults(BAD_MEGA_VA + 8), "a misaligned 2 MiB page is a load page fault");
  check(load_faults(BAD_GIGA_VA + 8), "a misaligned 1 GiB page is a load page fault");
  check(load_faults(UNMAPPED_VA), "an invalid root entry is a load page fault");
  check(load_faults(NONCANONICAL_VA), "a non-canonical address is a load page fault");
  check(fetch_faults(test_va(0)), "fetching from a page without X is a fetch page fault");
}

static void test_demand_paging(void) {
  store((u64)pages[1] + 8, 0x77);
  expect_trap(TRAP_FIX, map_on_demand);
  const u64 v = load(test_va(1) + 8);
  check(v == 0x77 && last_trap.count == 1 && last_trap.cause == CAUSE_LOAD_PAGE,
        "load page fault: the handler maps the page and the load retries");
  check_eq(last_trap.tval, test_va(1) + 8, "  stval is the faulting address");

  expect_trap(TRAP_FIX, map_on_demand);
  store(test_va(2) + 16, 0x99);
  check(load((u64)pages[2] + 16) == 0x99 && last_trap.count == 1 &&
            last_trap.cause == CAUSE_STORE_PAGE,
        "store page fault: the handler maps the page and the store retries");
  check_eq(last_trap.tval, test_va(2) + 16, "  stval is the faulting address");

  write_code(pages[6], 0, kReturn42, 4);
  expect_trap(TRAP_FIX, map_on_demand);
  const long r = call(test_va(6));
  check(r == 42 && last_trap.count == 1 && last_trap.cause == CAUSE_FETCH_PAGE,
        "fetch page fault: the handler maps the page and the call retries");
  check_eq(last_trap.tval, test_va(6), "  stval is the faulting address");

  /* A 4-byte instruction whose second half is on an unmapped page. */
  write_code(pages[12], 4094, kReturn42, 1);
  write_code(pages[13], 0, kReturn42 + 1, 3);
  map_slot(11, (u64)pages[12], PTE_X | PTE_A);
  expect_trap(TRAP_FIX, map_on_demand);
  const long s = call(test_va(11) + 4094);
  check(s == 42 && last_trap.count == 1 && last_trap.cause == CAUSE_FETCH_PAGE,
        "an instruction straddling into an unmapped page faults, then runs");
  check_eq(last_trap.epc, test_va(11) + 4094, "  sepc is the instruction's first byte");
  check_eq(last_trap.tval, test_va(12), "  stval is the start of the missing page");
}

static void test_permissions(void) {
  store((u64)pages[3], 31);
  map_slot(3, (u64)pages[3], PTE_R | PTE_A);
  check_eq(load(test_va(3)), 31, "a read-only page can be read");
  check(store_faults(test_va(3)) && load((u64)pages[3]) == 31,
        "a store to a read-only page is a store page fault");

  map_slot(10, (u64)pages[11], PTE_W | PTE_A | PTE_D);
  check(load_faults(test_va(10)), "W without R (reserved) is a page fault");
  map_slot(13, (u64)pages[14], 0); /* V only: a pointer where a leaf must be */
  check(load_faults(test_va(13)), "a non-leaf PTE at level 0 is a page fault");
  map_slot(14, (u64)pages[14], PTE_R | PTE_W | PTE_A | PTE_D | (1ul << 61));
  check(load_faults(test_va(14)), "PBMT bits without Svpbmt are a page fault");

  store((u64)pages[4], 44);
  map_slot(4, (u64)pages[4], PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
  check(load_faults(test_va(4)), "SUM = 0: an S-mode load from a U page faults");
  csr_set(sstatus, SSTATUS_SUM);
  check_eq(load(test_va(4)), 44, "SUM = 1: the S-mode load from the U page works");
  store(test_va(4), 45);
  check_eq(load((u64)pages[4]), 45, "SUM = 1: an S-mode store to the U page works");
  write_code(pages[8], 0, kReturn42, 4);
  map_slot(8, (u64)pages[8], PTE_X | PTE_U | PTE_A);
  check(fetch_faults(test_va(8)), "SUM = 1: S-mode still cannot execute a U page");
  csr_clear(sstatus, SSTATUS_SUM);

  store((u64)pages[5], 55);
  map_slot(5, (u64)pages[5], PTE_X | PTE_A);
  check(load_faults(test_va(5)), "MXR = 0: a load from an execute-only page faults");
  csr_set(sstatus, SSTATUS_MXR);
  check_eq(load(test_va(5)), 55, "MXR = 1: the load from the execute-only page works");
  csr_clear(sstatus, SSTATUS_MXR);
}

static void test_accessed_dirty_and_sfence(void) {
  map_slot(7, (u64)pages[7], PTE_R | PTE_W);
  (void)load(test_va(7));
  check_eq(*pte_of_slot(7) & (PTE_A | PTE_D), PTE_A, "a load sets A (hardware A/D update)");
  store(test_va(7), 1);
  check_eq(*pte_of_slot(7) & (PTE_A | PTE_D), PTE_A | PTE_D, "a store sets D");

  volatile u64* mega_pte = &l1[3]; /* the hart writes it behind the compiler's back */
  *mega_pte = pte(MEGA_PA, PTE_V | PTE_R | PTE_W);
  sfence_vma(AD_MEGA_VA);
  (void)load(AD_MEGA_VA + 0x1000);
  const u64 after_load = *mega_pte & (PTE_A | PTE_D);
  store(AD_MEGA_VA + 0x2000, 1);
  check(after_load == PTE_A && (*mega_pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
        "a 2 MiB page gets A on a load and D on a store in its level-1 PTE");

  write_code(pages[20], 0, kReturn42, 4);
  map_slot(22, (u64)pages[20], PTE_X);
  check(call(test_va(22)) == 42 && (*pte_of_slot(22) & (PTE_A | PTE_D)) == PTE_A,
        "a fetch sets A (and not D)");

  /* AMOs need write permission: on a read-only page they raise store/AMO page faults. */
  expect_trap(TRAP_SKIP, 0);
  u64 old = 0;
  __asm__ volatile("amoadd.d %0, %2, (%1)" : "=&r"(old) : "r"(test_va(3)), "r"(1ul) : "memory");
  check(last_trap.count == 1 && last_trap.cause == CAUSE_STORE_PAGE && last_trap.tval == test_va(3),
        "an AMO on a read-only page is a store/AMO page fault");
  /* Misaligned loads across a page boundary: into a mapped page (slots 24, 25), and into an
   * unmapped one (slot 26), where stval names the first byte of the missing page. */
  map_slot(24, (u64)pages[21], PTE_R | PTE_A);
  map_slot(25, (u64)pages[22], PTE_R | PTE_A);
  store((u64)pages[21] + 4088, 0x4444333322221111ul);
  store((u64)pages[22], 0x8888777766665555ul);
  store((u64)pages[22] + 4088, 0);
  check_eq(load(test_va(24) + 4092), 0x6666555544443333ul,
           "a misaligned load across two mapped pages reads both");
  check(load_faults_at(test_va(25) + 4092, test_va(26)),
        "a misaligned load into an unmapped page faults; stval = that page's first byte");
  expect_trap(TRAP_SKIP, 0);
  __asm__ volatile("ld zero, 0(%0)" ::"r"(test_va(23)) : "memory");
  check(last_trap.count == 1 && last_trap.cause == CAUSE_LOAD_PAGE,
        "a load into x0 from an unmapped page still faults");

  store((u64)pages[9], 1);
  store((u64)pages[10], 2);
  map_slot(9, (u64)pages[9], PTE_R | PTE_A);
  check_eq(load(test_va(9)), 1, "remap: the old page reads 1");
  *pte_of_slot(9) = pte((u64)pages[10], PTE_V | PTE_R | PTE_A);
  sfence_vma(test_va(9));
  check_eq(load(test_va(9)), 2, "remap + sfence.vma by address: the new page reads 2");
}

/* Switches satp; when the hart keeps no ASIDs (the field reads 0) the TLB must be flushed. */
static void switch_satp(u64 root_pa, u64 asid) {
  const u64 satp = (8ul << 60) | (asid << 44) | (root_pa >> 12);
  csr_write(satp, satp);
  if (((csr_read(satp) >> 44) & 0xffff) != asid) __asm__ volatile("sfence.vma" ::: "memory");
}

static void test_asids(void) {
  const u64 va = test_va(20);
  store((u64)pages[16], 0xa);
  store((u64)pages[17], 0xb);
  store((u64)pages[18], 0xc);
  for (unsigned i = 0; i < 512; ++i) root2[i] = root[i];
  root2[1] = pte((u64)l1_2, PTE_V);
  l1_2[0] = pte((u64)l0_2, PTE_V);
  l0[20] = pte((u64)pages[16], PTE_V | PTE_R | PTE_A);
  l0_2[20] = pte((u64)pages[17], PTE_V | PTE_R | PTE_A);
  switch_satp((u64)root, 1);
  __asm__ volatile("sfence.vma" ::: "memory");
  const u64 a1 = load(va);
  switch_satp((u64)root2, 2);
  const u64 b1 = load(va);
  switch_satp((u64)root, 1);
  const u64 a2 = load(va);
  check(a1 == 0xa && b1 == 0xb && a2 == 0xa,
        "two ASIDs map one VA to two pages; switching satp alone picks the right one");
  l0[20] = pte((u64)pages[18], PTE_V | PTE_R | PTE_A);
  __asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(1ul) : "memory");
  const u64 a3 = load(va);
  switch_satp((u64)root2, 2);
  const u64 b2 = load(va);
  check(a3 == 0xc && b2 == 0xb, "sfence.vma by address and ASID 1 remaps ASID 1 only");
  switch_satp((u64)root, 0);
  __asm__ volatile("sfence.vma" ::: "memory");
}

/* li a0, 1; ret  and  li a0, 2; ret */
static const u16 kReturn1[] = {0x0513, 0x0010, 0x8067, 0x0000};
static const u16 kReturn2Upper = 0x0020;

static void test_self_modifying_code(void) {
  u8* code = pages[19];
  write_code(code, 0, kReturn1, 4);
  const long first = call((u64)code);
  map_slot(21, (u64)code, PTE_R | PTE_W | PTE_A | PTE_D);
  *(volatile u16*)(test_va(21) + 2) = kReturn2Upper;
  __asm__ volatile("fence.i" ::: "memory");
  check(first == 1 && call((u64)code) == 2,
        "code rewritten through another virtual alias runs after fence.i");
}

void test_sv39(void) {
  enable_sv39();
  test_mappings();
  test_demand_paging();
  test_permissions();
  test_accessed_dirty_and_sfence();
  test_asids();
  test_self_modifying_code();
}

/* U-mode programs on slot 15 (X|U). */
static const u16 kUserLi42Ecall[] = {0x0513, 0x02a0, 0x0073, 0x0000};
static const u16 kUserLoadA0Ecall[] = {0x3503, 0x0005, 0x0073, 0x0000};  /* ld a0,0(a0) */
static const u16 kUserRdtimeEcall[] = {0x2573, 0xc010, 0x0073, 0x0000};  /* rdtime a0 */
static const u16 kUserRdcycleEcall[] = {0x2573, 0xc000, 0x0073, 0x0000}; /* rdcycle a0 */
static const u16 kUserSret[] = {0x0073, 0x1020};
static const u16 kUserSpin[] = {0x006f, 0x0000}; /* j . */
static const u16 kUserEbreak[] = {0x0073, 0x0010};

static long run_user(const u16* code, unsigned halves, u64 arg) {
  write_code(pages[15], 0, code, halves);
  map_slot(15, (u64)pages[15], PTE_X | PTE_U | PTE_A);
  expect_trap(TRAP_USER, 0);
  return enter_user(test_va(15), arg);
}

void test_user_mode(void) {
  csr_write(sie, 0);
  check_eq(run_user(kUserLi42Ecall, 4, 0), 42, "U-mode runs and its ecall reaches S-mode");
  check_eq(last_trap.cause, CAUSE_USER_ECALL, "  scause is 8 (ecall from U)");
  check_eq(last_trap.sstatus & SSTATUS_SPP, 0, "  sstatus.SPP records U-mode");
  check_eq(run_user(kUserLoadA0Ecall, 4, test_va(4)), 45, "U-mode reads its U page");
  check(run_user(kUserLoadA0Ecall, 4, (u64)pages[0]) == ~(long)CAUSE_LOAD_PAGE &&
            last_trap.tval == (u64)pages[0],
        "U-mode load from an S page is a load page fault");
  check(run_user(kUserSret, 2, 0) == ~(long)CAUSE_ILLEGAL, "sret in U-mode is illegal");
  check(run_user(kUserEbreak, 2, 0) == ~(long)CAUSE_BREAKPOINT, "ebreak in U-mode traps to S-mode");
  expect_trap(TRAP_USER, 0);
  check(enter_user(test_va(6), 0) == ~(long)CAUSE_FETCH_PAGE && last_trap.tval == test_va(6),
        "U-mode fetch from an S page is a fetch page fault");

  /* S-level interrupts are always enabled while the hart is in U-mode, whatever SIE says. */
  csr_write(sie, SIE_STIE);
  timer_start(2000, 1);
  const long spun = run_user(kUserSpin, 2, 0);
  csr_write(sie, 0);
  check(spun == ~(long)(CAUSE_INTERRUPT | 5) && timer_ticks == 1,
        "a timer interrupt preempts U-mode although sstatus.SIE = 0");

  /* With a counter's scounteren bit clear, U-mode's read traps to M-mode; OpenSBI v1.1
   * emulates time reads there without looking at scounteren and hands cycle back to S-mode
   * as an illegal instruction. */
  csr_write(scounteren, 0);
  check(run_user(kUserRdcycleEcall, 4, 0) == ~(long)CAUSE_ILLEGAL,
        "scounteren.CY = 0: rdcycle in U-mode is illegal");
  check_eq(last_trap.tval, 0xc0002573u, "  stval holds the instruction bits");
  check(run_user(kUserRdtimeEcall, 4, 0) > 0,
        "scounteren.TM = 0: rdtime in U-mode still reads (OpenSBI emulates it)");
  csr_write(scounteren, 3);
  check(run_user(kUserRdcycleEcall, 4, 0) > 0, "scounteren.CY = 1: rdcycle in U-mode works");
  check(run_user(kUserRdtimeEcall, 4, 0) > 0, "scounteren.TM = 1: rdtime in U-mode works");
}

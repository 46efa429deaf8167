/* Trap entry and return (Linux convention: sscratch = kernel thread pointer while in user
   mode, 0 in the kernel; tp = the current task in the kernel, on every hart), the kernel
   context switch including f0-f31/fcsr, FP save helpers. */
  .option arch, +d
  .equ FRAME_SIZE, 304
  .equ F_SEPC, 256
  .equ F_SSTATUS, 264
  .equ F_SCAUSE, 272
  .equ F_STVAL, 280

  .section .text
  .globl trap_vector
  .balign 4
trap_vector:
  csrrw tp, sscratch, tp
  bnez tp, .Lfrom_user
  /* From the kernel: sscratch held 0, tp the current task. Swap back and report. */
  csrrw tp, sscratch, tp
  csrr a0, scause
  csrr a1, sepc
  csrr a2, stval
  mv a3, sp
  call kernel_trap
1:
  j 1b

.Lfrom_user:
  sd sp, 8(tp)
  ld sp, 0(tp)
  addi sp, sp, -FRAME_SIZE
  sd x1, 8(sp)
  sd x3, 24(sp)
  sd x5, 40(sp)
  sd x6, 48(sp)
  sd x7, 56(sp)
  sd x8, 64(sp)
  sd x9, 72(sp)
  sd x10, 80(sp)
  sd x11, 88(sp)
  sd x12, 96(sp)
  sd x13, 104(sp)
  sd x14, 112(sp)
  sd x15, 120(sp)
  sd x16, 128(sp)
  sd x17, 136(sp)
  sd x18, 144(sp)
  sd x19, 152(sp)
  sd x20, 160(sp)
  sd x21, 168(sp)
  sd x22, 176(sp)
  sd x23, 184(sp)
  sd x24, 192(sp)
  sd x25, 200(sp)
  sd x26, 208(sp)
  sd x27, 216(sp)
  sd x28, 224(sp)
  sd x29, 232(sp)
  sd x30, 240(sp)
  sd x31, 248(sp)
  ld t0, 8(tp)
  sd t0, 16(sp)
  csrr t0, sscratch
  sd t0, 32(sp)
  csrw sscratch, zero
  csrr t0, sepc
  sd t0, F_SEPC(sp)
  csrr t0, sstatus
  sd t0, F_SSTATUS(sp)
  csrr t0, scause
  sd t0, F_SCAUSE(sp)
  csrr t0, stval
  sd t0, F_STVAL(sp)
  mv a0, sp
  call user_trap
  /* user_trap returns on this task's stack; sp is its frame again. */
  .globl trap_return
trap_return:
  /* Every way back to user mode gives the kernel lock back (user_trap took it). */
  call kernel_unlock
  ld t0, F_SEPC(sp)
  csrw sepc, t0
  ld t0, F_SSTATUS(sp)
  csrw sstatus, t0
  csrw sscratch, tp
  ld x1, 8(sp)
  ld x3, 24(sp)
  ld x4, 32(sp)
  ld x5, 40(sp)
  ld x6, 48(sp)
  ld x7, 56(sp)
  ld x8, 64(sp)
  ld x9, 72(sp)
  ld x10, 80(sp)
  ld x11, 88(sp)
  ld x12, 96(sp)
  ld x13, 104(sp)
  ld x14, 112(sp)
  ld x15, 120(sp)
  ld x16, 128(sp)
  ld x17, 136(sp)
  ld x18, 144(sp)
  ld x19, 152(sp)
  ld x20, 160(sp)
  ld x21, 168(sp)
  ld x22, 176(sp)
  ld x23, 184(sp)
  ld x24, 192(sp)
  ld x25, 200(sp)
  ld x26, 208(sp)
  ld x27, 216(sp)
  ld x28, 224(sp)
  ld x29, 232(sp)
  ld x30, 240(sp)
  ld x31, 248(sp)
  ld x2, 16(sp)
  sret

  /* A new task's first switch lands here with sp = its trap frame. */
  .globl ret_from_fork
ret_from_fork:
  call schedule_tail
  j trap_return

  /* void switch_to(Context* prev, Context* next, Task* next_task) */
  .globl switch_to
switch_to:
  sd ra, 0(a0)
  sd sp, 8(a0)
  sd s0, 16(a0)
  sd s1, 24(a0)
  sd s2, 32(a0)
  sd s3, 40(a0)
  sd s4, 48(a0)
  sd s5, 56(a0)
  sd s6, 64(a0)
  sd s7, 72(a0)
  sd s8, 80(a0)
  sd s9, 88(a0)
  sd s10, 96(a0)
  sd s11, 104(a0)
  fsd f0, 112(a0)
  fsd f1, 120(a0)
  fsd f2, 128(a0)
  fsd f3, 136(a0)
  fsd f4, 144(a0)
  fsd f5, 152(a0)
  fsd f6, 160(a0)
  fsd f7, 168(a0)
  fsd f8, 176(a0)
  fsd f9, 184(a0)
  fsd f10, 192(a0)
  fsd f11, 200(a0)
  fsd f12, 208(a0)
  fsd f13, 216(a0)
  fsd f14, 224(a0)
  fsd f15, 232(a0)
  fsd f16, 240(a0)
  fsd f17, 248(a0)
  fsd f18, 256(a0)
  fsd f19, 264(a0)
  fsd f20, 272(a0)
  fsd f21, 280(a0)
  fsd f22, 288(a0)
  fsd f23, 296(a0)
  fsd f24, 304(a0)
  fsd f25, 312(a0)
  fsd f26, 320(a0)
  fsd f27, 328(a0)
  fsd f28, 336(a0)
  fsd f29, 344(a0)
  fsd f30, 352(a0)
  fsd f31, 360(a0)
  frcsr t0
  sd t0, 368(a0)
  ld ra, 0(a1)
  ld sp, 8(a1)
  ld s0, 16(a1)
  ld s1, 24(a1)
  ld s2, 32(a1)
  ld s3, 40(a1)
  ld s4, 48(a1)
  ld s5, 56(a1)
  ld s6, 64(a1)
  ld s7, 72(a1)
  ld s8, 80(a1)
  ld s9, 88(a1)
  ld s10, 96(a1)
  ld s11, 104(a1)
  fld f0, 112(a1)
  fld f1, 120(a1)
  fld f2, 128(a1)
  fld f3, 136(a1)
  fld f4, 144(a1)
  fld f5, 152(a1)
  fld f6, 160(a1)
  fld f7, 168(a1)
  fld f8, 176(a1)
  fld f9, 184(a1)
  fld f10, 192(a1)
  fld f11, 200(a1)
  fld f12, 208(a1)
  fld f13, 216(a1)
  fld f14, 224(a1)
  fld f15, 232(a1)
  fld f16, 240(a1)
  fld f17, 248(a1)
  fld f18, 256(a1)
  fld f19, 264(a1)
  fld f20, 272(a1)
  fld f21, 280(a1)
  fld f22, 288(a1)
  fld f23, 296(a1)
  fld f24, 304(a1)
  fld f25, 312(a1)
  fld f26, 320(a1)
  fld f27, 328(a1)
  fld f28, 336(a1)
  fld f29, 344(a1)
  fld f30, 352(a1)
  fld f31, 360(a1)
  ld t0, 368(a1)
  fscsr t0
  mv tp, a2
  ret

  /* void fp_save(u64 buf[33]); void fp_restore(const u64 buf[33]): user FP state. */
  .globl fp_save
fp_save:
  fsd f0, 0(a0)
  fsd f1, 8(a0)
  fsd f2, 16(a0)
  fsd f3, 24(a0)
  fsd f4, 32(a0)
  fsd f5, 40(a0)
  fsd f6, 48(a0)
  fsd f7, 56(a0)
  fsd f8, 64(a0)
  fsd f9, 72(a0)
  fsd f10, 80(a0)
  fsd f11, 88(a0)
  fsd f12, 96(a0)
  fsd f13, 104(a0)
  fsd f14, 112(a0)
  fsd f15, 120(a0)
  fsd f16, 128(a0)
  fsd f17, 136(a0)
  fsd f18, 144(a0)
  fsd f19, 152(a0)
  fsd f20, 160(a0)
  fsd f21, 168(a0)
  fsd f22, 176(a0)
  fsd f23, 184(a0)
  fsd f24, 192(a0)
  fsd f25, 200(a0)
  fsd f26, 208(a0)
  fsd f27, 216(a0)
  fsd f28, 224(a0)
  fsd f29, 232(a0)
  fsd f30, 240(a0)
  fsd f31, 248(a0)
  frcsr t0
  sd t0, 256(a0)
  ret
  .globl fp_restore
fp_restore:
  fld f0, 0(a0)
  fld f1, 8(a0)
  fld f2, 16(a0)
  fld f3, 24(a0)
  fld f4, 32(a0)
  fld f5, 40(a0)
  fld f6, 48(a0)
  fld f7, 56(a0)
  fld f8, 64(a0)
  fld f9, 72(a0)
  fld f10, 80(a0)
  fld f11, 88(a0)
  fld f12, 96(a0)
  fld f13, 104(a0)
  fld f14, 112(a0)
  fld f15, 120(a0)
  fld f16, 128(a0)
  fld f17, 136(a0)
  fld f18, 144(a0)
  fld f19, 152(a0)
  fld f20, 160(a0)
  fld f21, 168(a0)
  fld f22, 176(a0)
  fld f23, 184(a0)
  fld f24, 192(a0)
  fld f25, 200(a0)
  fld f26, 208(a0)
  fld f27, 216(a0)
  fld f28, 224(a0)
  fld f29, 232(a0)
  fld f30, 240(a0)
  fld f31, 248(a0)
  ld t0, 256(a0)
  fscsr t0
  ret

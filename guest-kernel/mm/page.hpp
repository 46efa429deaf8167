// Physical page allocator over the RAM the device tree reports, with per-page reference counts.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

void page_init(u64 ram_base, u64 ram_size);
void page_reserve(u64 start, u64 end);  // before page_init_done
void page_init_done();

u64 page_alloc();                  // zeroed page (physical == kernel virtual), 0 when out of memory
u64 page_alloc_contig(u64 count);  // zeroed contiguous run, 0 when none
void page_get(u64 pa);             // one more reference
void page_put(u64 pa);             // drop a reference; frees at zero
u32 page_refs(u64 pa);             // current reference count
void page_free_contig(u64 pa, u64 count);
u64 page_free_count();
u64 ram_end();

}  // namespace starlet

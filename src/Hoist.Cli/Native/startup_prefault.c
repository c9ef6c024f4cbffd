/*
 * Linked into the Native AOT executable (see Hoist.Cli.csproj, target CompileStartupPrefault).
 *
 * Before main, Native AOT "rehydrates" its type data into the executable's zero-filled .hydrated section (4.8 MB for
 * hoist): every one of its ~1,200 pages is first touched there, one page fault each, which on a virtual machine costs
 * more than the copying itself (a third of `hoist --version`, ~6 ms of CPU at every start, the largest part of a no-op
 * rebuild's start). One madvise(MADV_POPULATE_WRITE) over the zero-filled tail of the writable segment (.bss and
 * .hydrated) makes those pages in one call, as huge pages where the kernel allows. Kernels before 5.14 refuse the
 * populate advice: nothing changes then.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int populate_zero_filled_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0') return 0; /* the executable is listed first, unnamed */
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz) continue;
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr + segment->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_memsz + page - 1) & ~(page - 1);
        if (end <= start) continue;
        /* Transparent huge pages where the kernel offers them on request (THP "madvise" or "always"): rehydration
           writes all over these 4.8 MB, and with 4 KiB pages that was a TLB miss (on a VM a nested page walk) at
           nearly every store; with 2 MiB pages `hoist --version` takes 18.6 ms instead of 24.3 (medians of 60,
           alternating). Refused (EINVAL) without THP: the small pages are made as before. */
        madvise((void *)start, end - start, MADV_HUGEPAGE);
        madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1;
}

__attribute__((constructor)) static void hoist_prefault_zero_filled_segments(void)
{
    dl_iterate_phdr(populate_zero_filled_segments, NULL);
}

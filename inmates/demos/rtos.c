/* The RTOS kernel (see rtos.h). */
#include "rtos.h"

#define CPSR_TASK   0x153       /* SVC mode, IRQs on, FIQs and aborts masked */

static struct task tasks[RTOS_MAX_TASKS + 1];   /* + the idle task */
static unsigned int ntasks;
static struct task *current;                    /* NULL: the boot context */
static struct cpu_frame *boot_frame;
static volatile bool running, stopping;
static volatile uint32_t ticks;
static uint64_t tick_period, next_tick;
static uint32_t idle_stack[256];

static void reschedule(void)
{
    /* The SVC exception lands in switch_hook, which picks the next task.
     * It overwrites LR_svc, hence the clobber. */
    __asm__ volatile("svc #0" ::: "memory", "lr");
}

/* Highest priority ready task; the first created wins a tie. */
static struct task *pick(void)
{
    struct task *best = NULL;
    for (unsigned int i = 0; i < ntasks; i++)
        if (tasks[i].state == TASK_READY && (!best || tasks[i].prio > best->prio))
            best = &tasks[i];
    return best;
}

static struct cpu_frame *rtos_switch(struct cpu_frame *f)
{
    if (!running)
        return NULL;
    if (current)
        current->frame = f;
    else
        boot_frame = f;
    if (stopping) {
        running = false;
        current = NULL;
        return boot_frame;
    }
    current = pick();           /* never NULL: idle is always ready */
    return current->frame;
}

static void on_irq(unsigned int irq)
{
    if (irq != TIMER_IRQ_VIRT)
        return;
    next_tick += tick_period;
    timer_set_deadline(TIMER_VIRT, next_tick);
    ticks++;
    for (unsigned int i = 0; i < ntasks; i++)
        if (tasks[i].state == TASK_DELAYED && (int32_t)(ticks - tasks[i].wake_tick) >= 0)
            tasks[i].state = TASK_READY;
}

static void task_entry(void *arg, void (*fn)(void *))
{
    fn(arg);
    task_exit();
}

static void idle(void *arg)
{
    (void)arg;
    for (;;)
        wfi();
}

static struct task *add_task(const char *name, unsigned int prio, void (*fn)(void *), void *arg,
                             uint32_t *stack, size_t words)
{
    struct task *t = &tasks[ntasks++];
    /* The first frame sits at the top of the stack, 8-byte aligned. */
    struct cpu_frame *f = (struct cpu_frame *)(((uintptr_t)(stack + words) & ~7u) - sizeof(*f));

    memset(f, 0, sizeof(*f));
    f->r[0] = (uint32_t)arg;
    f->r[1] = (uint32_t)fn;
    f->pc = (uint32_t)task_entry;
    f->cpsr = CPSR_TASK;
    t->name = name;
    t->prio = prio;
    t->state = TASK_READY;
    t->frame = f;
    return t;
}

void rtos_init(uint32_t tick_us)
{
    tick_period = timer_us_to_ticks(tick_us);
    ntasks = 0;
    add_task("idle", 0, idle, NULL, idle_stack, ARRAY_SIZE(idle_stack));
}

struct task *task_create(const char *name, unsigned int prio, void (*fn)(void *), void *arg,
                         uint32_t *stack, size_t stack_words)
{
    if (ntasks > RTOS_MAX_TASKS)
        return NULL;
    return add_task(name, prio, fn, arg, stack, stack_words);
}

void rtos_start(void)
{
    gic_init();
    irq_set_handler(on_irq);
    gic_enable_irq(TIMER_IRQ_VIRT);
    switch_hook = rtos_switch;
    ticks = 0;
    stopping = false;
    next_tick = timer_count(TIMER_VIRT) + tick_period;
    timer_set_deadline(TIMER_VIRT, next_tick);
    running = true;
    reschedule();               /* returns when a task calls rtos_stop() */
    timer_stop(TIMER_VIRT);
    gic_disable_irq(TIMER_IRQ_VIRT);
    switch_hook = NULL;
}

void rtos_stop(void)
{
    stopping = true;
    reschedule();
}

uint32_t rtos_ticks(void) { return ticks; }
struct task *task_current(void) { return current; }

void task_delay(uint32_t n)
{
    uint32_t flags = irq_save();
    current->wake_tick = ticks + n;
    current->state = TASK_DELAYED;
    irq_restore(flags);
    reschedule();
}

void task_exit(void)
{
    irq_disable();
    current->state = TASK_DONE;
    reschedule();
    halt();                     /* not reached */
}

/* Makes every task blocked on obj ready again; they retry in priority order. */
static void wake_all(const void *obj)
{
    for (unsigned int i = 0; i < ntasks; i++)
        if (tasks[i].state == TASK_BLOCKED && tasks[i].waiting_on == obj) {
            tasks[i].state = TASK_READY;
            tasks[i].waiting_on = NULL;
        }
}

/* Called with IRQs masked (flags from irq_save): blocks on obj. */
static void block_on(const void *obj, uint32_t flags)
{
    current->state = TASK_BLOCKED;
    current->waiting_on = obj;
    irq_restore(flags);
    reschedule();
}

void sem_init(struct semaphore *s, int count) { s->count = count; }

void sem_wait(struct semaphore *s)
{
    for (;;) {
        uint32_t flags = irq_save();
        if (s->count > 0) {
            s->count--;
            irq_restore(flags);
            return;
        }
        block_on(s, flags);
    }
}

void sem_post(struct semaphore *s)
{
    uint32_t flags = irq_save();
    s->count++;
    wake_all(s);
    irq_restore(flags);
    reschedule();               /* a woken task of higher priority runs now */
}

void queue_init(struct queue *q, uint32_t *slots, unsigned int size)
{
    q->slots = slots;
    q->size = size;
    q->head = q->count = 0;
}

void queue_send(struct queue *q, uint32_t v)
{
    for (;;) {
        uint32_t flags = irq_save();
        if (q->count < q->size) {
            q->slots[(q->head + q->count) % q->size] = v;
            q->count++;
            wake_all(q);
            irq_restore(flags);
            reschedule();
            return;
        }
        block_on(q, flags);
    }
}

uint32_t queue_receive(struct queue *q)
{
    for (;;) {
        uint32_t flags = irq_save();
        if (q->count > 0) {
            uint32_t v = q->slots[q->head];
            q->head = (q->head + 1) % q->size;
            q->count--;
            wake_all(q);        /* senders waiting for room */
            irq_restore(flags);
            return v;
        }
        block_on(q, flags);
    }
}

void trace(const char *fmt, ...)
{
    uint32_t flags = irq_save();
    va_list ap;

    printk("[%4u] %-8s ", (unsigned int)ticks, current ? current->name : "-");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    console_putc('\n');
    irq_restore(flags);
}

/* A small preemptive RTOS for one CPU: fixed-priority tasks (higher number
 * runs first), a periodic tick from the virtual timer, delays, counting
 * semaphores and message queues. Tasks run in SVC mode on their own stacks;
 * a context is the struct cpu_frame the exception entry builds, so a switch
 * is returning another task's frame from the IRQ or SVC exception. */
#ifndef RTOS_H
#define RTOS_H

#include "inmate.h"

#define RTOS_MAX_TASKS 8

enum task_state { TASK_READY, TASK_DELAYED, TASK_BLOCKED, TASK_DONE };

struct task {
    const char *name;
    unsigned int prio;
    enum task_state state;
    uint32_t wake_tick;         /* TASK_DELAYED: tick to become ready at */
    const void *waiting_on;     /* TASK_BLOCKED: semaphore or queue */
    struct cpu_frame *frame;    /* saved context while not running */
};

struct semaphore {
    int count;
};

struct queue {
    uint32_t *slots;
    unsigned int size, head, count;
};

/* Sets up the tick (period in microseconds); call before creating tasks. */
void rtos_init(uint32_t tick_us);
struct task *task_create(const char *name, unsigned int prio, void (*fn)(void *), void *arg,
                         uint32_t *stack, size_t stack_words);
/* Runs the tasks until one calls rtos_stop(), then returns. */
void rtos_start(void);
void rtos_stop(void);
uint32_t rtos_ticks(void);
struct task *task_current(void);

void task_delay(uint32_t ticks);
void task_exit(void) __attribute__((noreturn));

void sem_init(struct semaphore *s, int count);
void sem_wait(struct semaphore *s);
void sem_post(struct semaphore *s);

void queue_init(struct queue *q, uint32_t *slots, unsigned int size);
void queue_send(struct queue *q, uint32_t v);
uint32_t queue_receive(struct queue *q);

/* printk with the tick and the task's name in front, never cut by a switch. */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

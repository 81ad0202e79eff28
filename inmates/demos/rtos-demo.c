/* rtos-demo: four tasks on the RTOS of rtos.c, ticking every 10 ms from the
 * virtual timer. Every line of the trace names the tick and the task; the
 * trace depends only on the scheduling rules, so it is the same on every run.
 *
 *   monitor  prio 4  every 10 ticks: a status line; stops the RTOS at the end
 *   control  prio 3  receives samples from the queue; every 2nd wakes logger
 *   sensor   prio 2  every 3 ticks: sends a sample (preempted by control)
 *   logger   prio 1  waits on the semaphore, logs
 *
 * Runs for `iterations` ticks (native default 40; a cell until shut down);
 * period_us changes the tick. */
#include "rtos.h"

#define STACK_WORDS 512

static uint32_t stacks[4][STACK_WORDS] __attribute__((aligned(8)));
static struct queue samples;
static uint32_t sample_slots[4];
static struct semaphore log_sem;
static uint32_t run_ticks;
static unsigned int logged;

static void sensor(void *arg)
{
    (void)arg;
    for (uint32_t n = 1;; n++) {
        task_delay(3);
        trace("send sample %u", (unsigned int)(n * 10));
        queue_send(&samples, n * 10);
        trace("sample %u sent", (unsigned int)(n * 10));
    }
}

static void control(void *arg)
{
    (void)arg;
    for (;;) {
        uint32_t v = queue_receive(&samples);
        trace("got sample %u", (unsigned int)v);
        if (v % 20 == 0) {
            trace("wake logger");
            sem_post(&log_sem);
        }
    }
}

static void logger(void *arg)
{
    (void)arg;
    for (;;) {
        sem_wait(&log_sem);
        logged++;
        trace("log entry %u", logged);
    }
}

static void monitor(void *arg)
{
    (void)arg;
    for (;;) {
        task_delay(10);
        trace("status: %u log entries, %u samples queued", logged, samples.count);
        if (run_ticks && rtos_ticks() >= run_ticks) {
            trace("stopping");
            rtos_stop();
        }
        if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            rtos_stop();
    }
}

void inmate_main(void)
{
    uint32_t tick_us = param_or(inmate_params.period_us, 10000);

    run_ticks = inmate_iterations(40);
    printk("rtos-demo: tick %u us, 4 tasks + idle, running %u ticks%s\n",
           (unsigned int)tick_us, (unsigned int)run_ticks, run_ticks ? "" : " (until shut down)");
    rtos_init(tick_us);
    queue_init(&samples, sample_slots, ARRAY_SIZE(sample_slots));
    sem_init(&log_sem, 0);
    task_create("sensor", 2, sensor, NULL, stacks[0], STACK_WORDS);
    task_create("control", 3, control, NULL, stacks[1], STACK_WORDS);
    task_create("logger", 1, logger, NULL, stacks[2], STACK_WORDS);
    task_create("monitor", 4, monitor, NULL, stacks[3], STACK_WORDS);
    rtos_start();
    printk("rtos-demo: stopped after %u ticks, %u log entries\n", (unsigned int)rtos_ticks(), logged);
}

/* nbody: double-precision floating point. Leapfrog integration of five gravitating bodies (a Sun and
 * four giant planets, with rounded orbital data) printing the total energy before and after, which
 * exercises fmul/fadd/fdiv/fsqrt chains. */
#include <math.h>
#include "bench_common.h"

#define BODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

typedef struct { double x, y, z, vx, vy, vz, mass; } body_t;

static body_t bodies[BODIES] = {
    { 0, 0, 0, 0, 0, 0, SOLAR_MASS },
    { 4.841431442, -1.160320044, -0.103622044,
      1.660076643e-03 * DAYS_PER_YEAR, 7.699011184e-03 * DAYS_PER_YEAR, -6.904600170e-05 * DAYS_PER_YEAR,
      9.547919384e-04 * SOLAR_MASS },
    { 8.343366718, 4.124798564, -0.403523417,
      -2.767425107e-03 * DAYS_PER_YEAR, 4.998528012e-03 * DAYS_PER_YEAR, 2.304172976e-05 * DAYS_PER_YEAR,
      2.858859807e-04 * SOLAR_MASS },
    { 12.894369562, -15.111151401, -0.223307578,
      2.964601375e-03 * DAYS_PER_YEAR, 2.378471739e-03 * DAYS_PER_YEAR, -2.965895685e-05 * DAYS_PER_YEAR,
      4.366244043e-05 * SOLAR_MASS },
    { 15.379697114, -25.919314609, 0.179258772,
      2.680677724e-03 * DAYS_PER_YEAR, 1.628241700e-03 * DAYS_PER_YEAR, -9.515922545e-05 * DAYS_PER_YEAR,
      5.151389020e-05 * SOLAR_MASS },
};

/* Gives the Sun the momentum that makes the system's total zero. */
static void offset_momentum(void)
{
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < BODIES; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        body_t *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
            e -= b->mass * bodies[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt)
{
    for (int i = 0; i < BODIES; i++) {
        body_t *b = &bodies[i];
        for (int j = i + 1; j < BODIES; j++) {
            body_t *o = &bodies[j];
            double dx = b->x - o->x, dy = b->y - o->y, dz = b->z - o->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b->vx -= dx * o->mass * mag; b->vy -= dy * o->mass * mag; b->vz -= dz * o->mass * mag;
            o->vx += dx * b->mass * mag; o->vy += dy * b->mass * mag; o->vz += dz * b->mass * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        body_t *b = &bodies[i];
        b->x += dt * b->vx; b->y += dt * b->vy; b->z += dt * b->vz;
    }
}

int main(int argc, char **argv)
{
    long steps = bench_scaled(600000, bench_scale(argc, argv));
    offset_momentum();
    printf("nbody steps=%ld\n", steps);
    printf("energy before %.9f\n", energy());
    for (long s = 0; s < steps; s++) advance(0.01);
    printf("energy after  %.9f\n", energy());
    return 0;
}

#!/usr/bin/env python3
"""Brute-force reference values of the Wilcoxon signed-rank tests in report_stats_test.cpp:
exact two-sided p by enumerating every sign pattern; normal approximation with tie and continuity
correction. Standard library only. Run: python3 wilcoxon_reference.py"""
import itertools, math
def ranks_abs(d):
    a = sorted(range(len(d)), key=lambda i: abs(d[i]))
    r = [0.0]*len(d); i = 0
    while i < len(a):
        j = i
        while j+1 < len(a) and abs(d[a[j+1]]) == abs(d[a[i]]): j += 1
        for k in range(i, j+1): r[a[k]] = (i+j)/2+1
        i = j+1
    return r
def exact(d):
    d = [x for x in d if x != 0]
    r = ranks_abs(d); n = len(d)
    wp = sum(r[i] for i in range(n) if d[i] > 0)
    le = ge = 0
    for signs in itertools.product([0,1], repeat=n):
        w = sum(r[i] for i in range(n) if signs[i])
        if w <= wp + 1e-9: le += 1
        if w >= wp - 1e-9: ge += 1
    return wp, sum(r)-wp, min(1, 2*min(le, ge)/2**n)
def normal(d):
    d = [x for x in d if x != 0]
    r = ranks_abs(d); n = len(d)
    wp = sum(r[i] for i in range(n) if d[i] > 0)
    from collections import Counter
    c = Counter(abs(x) for x in d)
    tie = sum(t**3 - t for t in c.values())
    mean = n*(n+1)/4; var = n*(n+1)*(2*n+1)/24 - tie/48
    diff = wp - mean
    num = diff - 0.5 if diff > 0.5 else (diff + 0.5 if diff < -0.5 else 0)
    z = num / math.sqrt(var)
    return wp, z, math.erfc(abs(z)/math.sqrt(2))
darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
print("darwin", exact(darwin))
ties = [1, 1, -1, 2, 2, 3, -3, 4, 5, 0, 6, -2]
print("ties", exact(ties))
big = [((i * 37) % 23) - 9 + (0.5 if i % 7 == 0 else 0) for i in range(1, 41)]
print("big", big)
print("big normal", normal(big))

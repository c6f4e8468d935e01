"""Check seeded themes against the topic labels of a labelled news corpus.

Development check for ``reexdata.score_themes`` (not needed by the tests).
It reads a JSON-lines corpus with fields ``id``, ``title``, ``text`` and
``topics`` (such as the Reuters-21578 development export), keeps the stories
with exactly one topic, and builds 16 subsets of different shape: five named
class sets, the top-6 classes' short (<= 60 words) and long (>= 150 words)
stories, three balanced subsets (5 x 100, 8 x 50, 4 x 25 stories) and six
random class sets (4 to 8 classes, ``random.Random(0)``). Each class gets
about ten seed words that a person would write knowing only the class name.

Every subset is scored with the full lexicon (every class named) and with
partial lexicons naming about 2/5, 1/2 and 3/5 of its classes (two draws
each, seeded by the subset): 16 full and 70 partial runs. Methods:

- ``relevance``: ``score_themes`` as by default (absolute relevances against
  the corpus's background);
- ``shares``: ``score_themes(..., method="shares")`` (shares of the themes);
- ``seed-claims``: the relevances as first shipped, when only seed evidence
  claimed clusters (``_neighbour_claims`` switched off): the state before
  neighbour claims, measured in the same run;
- ``baseline`` (on every line, same run and matrix): plain cosine of the
  article's TF-IDF vector to the class's seed words joined; unassigned only
  when the cosine is 0.

Numbers: full lexicon, accuracy (unassigned counted wrong) and the share of
articles left unassigned; partial lexicons, in-lexicon recall (articles of
named classes given their class) and out-of-lexicon abstention (articles of
the other classes left unassigned). ``pass`` is issue 13's bar: full, accuracy
>= 0.95 and <= 5% unassigned; partial, recall >= 0.90 and abstention >= 0.80.

Usage::

    python benchmarks/eval_themes.py [CORPUS.jsonl] [--subset NAME ...] [--random N] [--full-only]

No text of the corpus is written anywhere.

Results on ``reuters21578-dev.jsonl`` (OMP_NUM_THREADS=1; seconds are the
method's, vectorizing excluded; the summary lines cover every run)::

    subset       named     n method      numbers (pass = the issue-13 bar) | plain seed cosine, same run
    top6           6/6  3696 relevance   acc    0.965 unassig  0.000  pass | baseline acc    0.819 unassig  0.087   0.7s  all
    top6           6/6  3696 shares      acc    0.965 unassig  0.000  pass | baseline acc    0.819 unassig  0.087   0.3s  all
    top6           6/6  3696 seed-claims acc    0.846 unassig  0.133  -    | baseline acc    0.819 unassig  0.087   0.8s  all
    top6           2/6  3696 relevance   in-rec 0.922 out-abst 0.713  -    | baseline in-rec 0.939 out-abst 0.721   0.5s  trade,money-fx
    top6           2/6  3696 shares      in-rec 0.861 out-abst 0.023  -    | baseline in-rec 0.939 out-abst 0.721   0.1s  trade,money-fx
    top6           2/6  3696 seed-claims in-rec 0.929 out-abst 0.741  -    | baseline in-rec 0.939 out-abst 0.721   0.5s  trade,money-fx
    top6           2/6  3696 relevance   in-rec 0.983 out-abst 0.843  pass | baseline in-rec 0.983 out-abst 0.853   0.6s  crude,trade
    top6           2/6  3696 shares      in-rec 0.863 out-abst 0.039  -    | baseline in-rec 0.983 out-abst 0.853   0.2s  crude,trade
    top6           2/6  3696 seed-claims in-rec 0.983 out-abst 0.843  pass | baseline in-rec 0.983 out-abst 0.853   0.8s  crude,trade
    top6           4/6  3696 relevance   in-rec 0.822 out-abst 0.919  -    | baseline in-rec 0.845 out-abst 0.322   1.2s  earn,acq,trade,ship
    top6           4/6  3696 shares      in-rec 0.968 out-abst 0.003  -    | baseline in-rec 0.845 out-abst 0.322   0.4s  earn,acq,trade,ship
    top6           4/6  3696 seed-claims in-rec 0.822 out-abst 0.919  -    | baseline in-rec 0.845 out-abst 0.322   0.8s  earn,acq,trade,ship
    top6           4/6  3696 relevance   in-rec 0.954 out-abst 0.925  pass | baseline in-rec 0.820 out-abst 0.202   0.5s  earn,acq,crude,money-fx
    top6           4/6  3696 shares      in-rec 0.959 out-abst 0.004  -    | baseline in-rec 0.820 out-abst 0.202   0.1s  earn,acq,crude,money-fx
    top6           4/6  3696 seed-claims in-rec 0.833 out-abst 0.774  -    | baseline in-rec 0.820 out-abst 0.202   0.4s  earn,acq,crude,money-fx
    top10        10/10  3935 relevance   acc    0.960 unassig  0.000  pass | baseline acc    0.809 unassig  0.067   0.5s  all
    top10        10/10  3935 shares      acc    0.960 unassig  0.000  pass | baseline acc    0.809 unassig  0.067   0.4s  all
    top10        10/10  3935 seed-claims acc    0.818 unassig  0.156  -    | baseline acc    0.809 unassig  0.067   1.6s  all
    top10         4/10  3935 relevance   in-rec 0.928 out-abst 0.928  pass | baseline in-rec 0.858 out-abst 0.246   1.0s  earn,coffee,money-supply,interest
    top10         4/10  3935 shares      in-rec 0.979 out-abst 0.005  -    | baseline in-rec 0.858 out-abst 0.246   0.3s  earn,coffee,money-supply,interest
    top10         4/10  3935 seed-claims in-rec 0.747 out-abst 0.926  -    | baseline in-rec 0.858 out-abst 0.246   0.7s  earn,coffee,money-supply,interest
    top10         4/10  3935 relevance   in-rec 0.983 out-abst 0.866  pass | baseline in-rec 0.977 out-abst 0.574   0.5s  crude,trade,sugar,money-supply
    top10         4/10  3935 shares      in-rec 0.987 out-abst 0.002  -    | baseline in-rec 0.977 out-abst 0.574   0.2s  crude,trade,sugar,money-supply
    top10         4/10  3935 seed-claims in-rec 0.983 out-abst 0.866  pass | baseline in-rec 0.977 out-abst 0.574   0.4s  crude,trade,sugar,money-supply
    top10         5/10  3935 relevance   in-rec 0.941 out-abst 0.803  pass | baseline in-rec 0.834 out-abst 0.139   0.5s  earn,acq,ship,sugar,money-supply
    top10         5/10  3935 shares      in-rec 0.963 out-abst 0.000  -    | baseline in-rec 0.834 out-abst 0.139   0.2s  earn,acq,ship,sugar,money-supply
    top10         5/10  3935 seed-claims in-rec 0.813 out-abst 0.792  -    | baseline in-rec 0.834 out-abst 0.139   0.5s  earn,acq,ship,sugar,money-supply
    top10         5/10  3935 relevance   in-rec 0.926 out-abst 0.852  pass | baseline in-rec 0.864 out-abst 0.341   0.6s  earn,crude,ship,coffee,interest
    top10         5/10  3935 shares      in-rec 0.977 out-abst 0.003  -    | baseline in-rec 0.864 out-abst 0.341   0.2s  earn,crude,ship,coffee,interest
    top10         5/10  3935 seed-claims in-rec 0.757 out-abst 0.939  -    | baseline in-rec 0.864 out-abst 0.341   0.6s  earn,crude,ship,coffee,interest
    top10         6/10  3935 relevance   in-rec 0.943 out-abst 0.797  -    | baseline in-rec 0.828 out-abst 0.085   0.5s  earn,acq,ship,coffee,money-supply,interest
    top10         6/10  3935 shares      in-rec 0.962 out-abst 0.000  -    | baseline in-rec 0.828 out-abst 0.085   0.2s  earn,acq,ship,coffee,money-supply,interest
    top10         6/10  3935 seed-claims in-rec 0.813 out-abst 0.770  -    | baseline in-rec 0.828 out-abst 0.085   0.8s  earn,acq,ship,coffee,money-supply,interest
    top10         6/10  3935 relevance   in-rec 0.962 out-abst 0.807  pass | baseline in-rec 0.817 out-abst 0.681   0.7s  acq,crude,money-fx,coffee,sugar,interest
    top10         6/10  3935 shares      in-rec 0.960 out-abst 0.000  -    | baseline in-rec 0.817 out-abst 0.681   0.3s  acq,crude,money-fx,coffee,sugar,interest
    top10         6/10  3935 seed-claims in-rec 0.968 out-abst 0.809  pass | baseline in-rec 0.817 out-abst 0.681   0.7s  acq,crude,money-fx,coffee,sugar,interest
    no-earn-acq    8/8   784 relevance   acc    0.954 unassig  0.000  pass | baseline acc    0.923 unassig  0.004   0.1s  all
    no-earn-acq    8/8   784 shares      acc    0.954 unassig  0.000  pass | baseline acc    0.923 unassig  0.004   0.1s  all
    no-earn-acq    8/8   784 seed-claims acc    0.954 unassig  0.000  pass | baseline acc    0.923 unassig  0.004   0.1s  all
    no-earn-acq    3/8   784 relevance   in-rec 0.863 out-abst 0.816  -    | baseline in-rec 0.954 out-abst 0.319   0.1s  ship,coffee,interest
    no-earn-acq    3/8   784 shares      in-rec 0.975 out-abst 0.002  -    | baseline in-rec 0.954 out-abst 0.319   0.1s  ship,coffee,interest
    no-earn-acq    3/8   784 seed-claims in-rec 0.873 out-abst 0.877  -    | baseline in-rec 0.954 out-abst 0.319   0.2s  ship,coffee,interest
    no-earn-acq    3/8   784 relevance   in-rec 0.906 out-abst 0.993  pass | baseline in-rec 0.955 out-abst 0.550   0.1s  ship,coffee,sugar
    no-earn-acq    3/8   784 shares      in-rec 0.990 out-abst 0.003  -    | baseline in-rec 0.955 out-abst 0.550   0.1s  ship,coffee,sugar
    no-earn-acq    3/8   784 seed-claims in-rec 0.906 out-abst 0.993  pass | baseline in-rec 0.955 out-abst 0.550   0.1s  ship,coffee,sugar
    no-earn-acq    4/8   784 relevance   in-rec 0.977 out-abst 0.843  pass | baseline in-rec 0.993 out-abst 0.171   0.2s  money-fx,coffee,sugar,gold
    no-earn-acq    4/8   784 shares      in-rec 0.993 out-abst 0.000  -    | baseline in-rec 0.993 out-abst 0.171   0.1s  money-fx,coffee,sugar,gold
    no-earn-acq    4/8   784 seed-claims in-rec 0.977 out-abst 0.843  pass | baseline in-rec 0.993 out-abst 0.171   0.2s  money-fx,coffee,sugar,gold
    no-earn-acq    4/8   784 relevance   in-rec 0.935 out-abst 0.809  pass | baseline in-rec 0.960 out-abst 0.202   0.2s  crude,money-fx,ship,gold
    no-earn-acq    4/8   784 shares      in-rec 0.970 out-abst 0.000  -    | baseline in-rec 0.960 out-abst 0.202   0.1s  crude,money-fx,ship,gold
    no-earn-acq    4/8   784 seed-claims in-rec 0.914 out-abst 0.848  pass | baseline in-rec 0.960 out-abst 0.202   0.2s  crude,money-fx,ship,gold
    no-earn-acq    5/8   784 relevance   in-rec 0.939 out-abst 0.806  pass | baseline in-rec 0.966 out-abst 0.111   0.2s  money-fx,ship,coffee,sugar,gold
    no-earn-acq    5/8   784 shares      in-rec 0.987 out-abst 0.005  -    | baseline in-rec 0.966 out-abst 0.111   0.1s  money-fx,ship,coffee,sugar,gold
    no-earn-acq    5/8   784 seed-claims in-rec 0.928 out-abst 0.818  pass | baseline in-rec 0.966 out-abst 0.111   0.2s  money-fx,ship,coffee,sugar,gold
    no-earn-acq    5/8   784 relevance   in-rec 0.894 out-abst 0.976  -    | baseline in-rec 0.927 out-abst 0.158   0.2s  crude,money-fx,ship,coffee,interest
    no-earn-acq    5/8   784 shares      in-rec 0.951 out-abst 0.003  -    | baseline in-rec 0.927 out-abst 0.158   0.1s  crude,money-fx,ship,coffee,interest
    no-earn-acq    5/8   784 seed-claims in-rec 0.894 out-abst 0.976  -    | baseline in-rec 0.927 out-abst 0.158   0.2s  crude,money-fx,ship,coffee,interest
    commodities    9/9   539 relevance   acc    0.954 unassig  0.043  pass | baseline acc    0.968 unassig  0.007   0.2s  all
    commodities    9/9   539 shares      acc    0.993 unassig  0.000  pass | baseline acc    0.968 unassig  0.007   0.1s  all
    commodities    9/9   539 seed-claims acc    0.954 unassig  0.043  pass | baseline acc    0.968 unassig  0.007   0.2s  all
    commodities    4/9   539 relevance   in-rec 0.961 out-abst 0.961  pass | baseline in-rec 0.989 out-abst 0.422   0.1s  coffee,sugar,cocoa,alum
    commodities    4/9   539 shares      in-rec 0.978 out-abst 0.000  -    | baseline in-rec 0.989 out-abst 0.422   0.0s  coffee,sugar,cocoa,alum
    commodities    4/9   539 seed-claims in-rec 0.961 out-abst 0.961  pass | baseline in-rec 0.989 out-abst 0.422   0.1s  coffee,sugar,cocoa,alum
    commodities    4/9   539 relevance   in-rec 0.898 out-abst 0.953  -    | baseline in-rec 0.939 out-abst 0.377   0.1s  ship,coffee,cocoa,alum
    commodities    4/9   539 shares      in-rec 0.985 out-abst 0.000  -    | baseline in-rec 0.939 out-abst 0.377   0.1s  ship,coffee,cocoa,alum
    commodities    4/9   539 seed-claims in-rec 0.898 out-abst 0.953  -    | baseline in-rec 0.939 out-abst 0.377   0.1s  ship,coffee,cocoa,alum
    commodities    5/9   539 relevance   in-rec 0.861 out-abst 0.899  -    | baseline in-rec 0.956 out-abst 0.330   0.1s  ship,coffee,sugar,grain,rubber
    commodities    5/9   539 shares      in-rec 0.984 out-abst 0.000  -    | baseline in-rec 0.956 out-abst 0.330   0.1s  ship,coffee,sugar,grain,rubber
    commodities    5/9   539 seed-claims in-rec 0.861 out-abst 0.899  -    | baseline in-rec 0.956 out-abst 0.330   0.1s  ship,coffee,sugar,grain,rubber
    commodities    5/9   539 relevance   in-rec 0.982 out-abst 0.994  pass | baseline in-rec 1.000 out-abst 0.403   0.1s  crude,coffee,sugar,gold,alum
    commodities    5/9   539 shares      in-rec 0.997 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.403   0.1s  crude,coffee,sugar,gold,alum
    commodities    5/9   539 seed-claims in-rec 0.982 out-abst 0.994  pass | baseline in-rec 1.000 out-abst 0.403   0.1s  crude,coffee,sugar,gold,alum
    macro          6/6   482 relevance   acc    0.873 unassig  0.062  -    | baseline acc    0.846 unassig  0.000   0.1s  all
    macro          6/6   482 shares      acc    0.927 unassig  0.000  -    | baseline acc    0.846 unassig  0.000   0.1s  all
    macro          6/6   482 seed-claims acc    0.873 unassig  0.062  -    | baseline acc    0.846 unassig  0.000   0.1s  all
    macro          2/6   482 relevance   in-rec 0.975 out-abst 0.625  -    | baseline in-rec 0.975 out-abst 0.142   0.1s  money-fx,cpi
    macro          2/6   482 shares      in-rec 0.994 out-abst 0.031  -    | baseline in-rec 0.975 out-abst 0.142   0.0s  money-fx,cpi
    macro          2/6   482 seed-claims in-rec 0.975 out-abst 0.649  -    | baseline in-rec 0.975 out-abst 0.142   0.1s  money-fx,cpi
    macro          2/6   482 relevance   in-rec 0.975 out-abst 0.625  -    | baseline in-rec 0.975 out-abst 0.142   0.1s  money-fx,cpi
    macro          2/6   482 shares      in-rec 0.994 out-abst 0.031  -    | baseline in-rec 0.975 out-abst 0.142   0.0s  money-fx,cpi
    macro          2/6   482 seed-claims in-rec 0.975 out-abst 0.649  -    | baseline in-rec 0.975 out-abst 0.142   0.1s  money-fx,cpi
    macro          4/6   482 relevance   in-rec 0.912 out-abst 0.362  -    | baseline in-rec 0.881 out-abst 0.011   0.1s  trade,money-fx,interest,cpi
    macro          4/6   482 shares      in-rec 0.936 out-abst 0.011  -    | baseline in-rec 0.881 out-abst 0.011   0.0s  trade,money-fx,interest,cpi
    macro          4/6   482 seed-claims in-rec 0.912 out-abst 0.362  -    | baseline in-rec 0.881 out-abst 0.011   0.1s  trade,money-fx,interest,cpi
    macro          4/6   482 relevance   in-rec 0.910 out-abst 0.646  -    | baseline in-rec 0.883 out-abst 0.133   0.1s  money-supply,interest,cpi,gnp
    macro          4/6   482 shares      in-rec 0.952 out-abst 0.000  -    | baseline in-rec 0.883 out-abst 0.133   0.0s  money-supply,interest,cpi,gnp
    macro          4/6   482 seed-claims in-rec 0.899 out-abst 0.653  -    | baseline in-rec 0.883 out-abst 0.133   0.1s  money-supply,interest,cpi,gnp
    short-top6     6/6  1596 relevance   acc    0.966 unassig  0.000  pass | baseline acc    0.753 unassig  0.175   0.1s  all
    short-top6     6/6  1596 shares      acc    0.966 unassig  0.000  pass | baseline acc    0.753 unassig  0.175   0.1s  all
    short-top6     6/6  1596 seed-claims acc    0.701 unassig  0.278  -    | baseline acc    0.753 unassig  0.175   0.2s  all
    short-top6     2/6  1596 relevance   in-rec 0.973 out-abst 0.990  pass | baseline in-rec 0.810 out-abst 0.789   0.1s  earn,ship
    short-top6     2/6  1596 shares      in-rec 1.000 out-abst 0.000  -    | baseline in-rec 0.810 out-abst 0.789   0.0s  earn,ship
    short-top6     2/6  1596 seed-claims in-rec 0.628 out-abst 0.990  -    | baseline in-rec 0.810 out-abst 0.789   0.1s  earn,ship
    short-top6     2/6  1596 relevance   in-rec 0.957 out-abst 0.983  pass | baseline in-rec 0.792 out-abst 0.762   0.1s  earn,crude
    short-top6     2/6  1596 shares      in-rec 0.975 out-abst 0.007  -    | baseline in-rec 0.792 out-abst 0.762   0.1s  earn,crude
    short-top6     2/6  1596 seed-claims in-rec 0.624 out-abst 0.980  -    | baseline in-rec 0.792 out-abst 0.762   0.1s  earn,crude
    short-top6     4/6  1596 relevance   in-rec 0.983 out-abst 0.846  pass | baseline in-rec 0.787 out-abst 0.538   0.2s  earn,acq,trade,ship
    short-top6     4/6  1596 shares      in-rec 0.985 out-abst 0.000  -    | baseline in-rec 0.787 out-abst 0.538   0.1s  earn,acq,trade,ship
    short-top6     4/6  1596 seed-claims in-rec 0.694 out-abst 0.846  -    | baseline in-rec 0.787 out-abst 0.538   0.1s  earn,acq,trade,ship
    short-top6     4/6  1596 relevance   in-rec 0.982 out-abst 0.000  -    | baseline in-rec 0.770 out-abst 0.875   0.1s  earn,acq,trade,money-fx
    short-top6     4/6  1596 shares      in-rec 0.982 out-abst 0.000  -    | baseline in-rec 0.770 out-abst 0.875   0.1s  earn,acq,trade,money-fx
    short-top6     4/6  1596 seed-claims in-rec 0.702 out-abst 0.500  -    | baseline in-rec 0.770 out-abst 0.875   0.2s  earn,acq,trade,money-fx
    long-top6      6/6   806 relevance   acc    0.940 unassig  0.004  -    | baseline acc    0.896 unassig  0.000   0.2s  all
    long-top6      6/6   806 shares      acc    0.940 unassig  0.004  -    | baseline acc    0.896 unassig  0.000   0.1s  all
    long-top6      6/6   806 seed-claims acc    0.897 unassig  0.063  -    | baseline acc    0.896 unassig  0.000   0.2s  all
    long-top6      2/6   806 relevance   in-rec 0.967 out-abst 0.766  -    | baseline in-rec 1.000 out-abst 0.336   0.2s  crude,money-fx
    long-top6      2/6   806 shares      in-rec 0.967 out-abst 0.006  -    | baseline in-rec 1.000 out-abst 0.336   0.0s  crude,money-fx
    long-top6      2/6   806 seed-claims in-rec 0.974 out-abst 0.858  pass | baseline in-rec 1.000 out-abst 0.336   0.1s  crude,money-fx
    long-top6      2/6   806 relevance   in-rec 0.959 out-abst 0.834  pass | baseline in-rec 0.935 out-abst 0.314   0.1s  trade,money-fx
    long-top6      2/6   806 shares      in-rec 0.970 out-abst 0.014  -    | baseline in-rec 0.935 out-abst 0.314   0.0s  trade,money-fx
    long-top6      2/6   806 seed-claims in-rec 0.959 out-abst 0.834  pass | baseline in-rec 0.935 out-abst 0.314   0.1s  trade,money-fx
    long-top6      4/6   806 relevance   in-rec 0.918 out-abst 0.947  pass | baseline in-rec 0.900 out-abst 0.105   0.2s  earn,acq,trade,money-fx
    long-top6      4/6   806 shares      in-rec 0.948 out-abst 0.008  -    | baseline in-rec 0.900 out-abst 0.105   0.1s  earn,acq,trade,money-fx
    long-top6      4/6   806 seed-claims in-rec 0.908 out-abst 0.947  pass | baseline in-rec 0.900 out-abst 0.105   0.2s  earn,acq,trade,money-fx
    long-top6      4/6   806 relevance   in-rec 0.953 out-abst 0.657  -    | baseline in-rec 0.939 out-abst 0.080   0.2s  earn,crude,trade,money-fx
    long-top6      4/6   806 shares      in-rec 0.982 out-abst 0.003  -    | baseline in-rec 0.939 out-abst 0.080   0.1s  earn,crude,trade,money-fx
    long-top6      4/6   806 seed-claims in-rec 0.945 out-abst 0.847  pass | baseline in-rec 0.939 out-abst 0.080   0.2s  earn,crude,trade,money-fx
    bal5x100       5/5   500 relevance   acc    0.976 unassig  0.000  pass | baseline acc    0.920 unassig  0.032   0.1s  all
    bal5x100       5/5   500 shares      acc    0.976 unassig  0.000  pass | baseline acc    0.920 unassig  0.032   0.0s  all
    bal5x100       5/5   500 seed-claims acc    0.976 unassig  0.000  pass | baseline acc    0.920 unassig  0.032   0.1s  all
    bal5x100       2/5   500 relevance   in-rec 0.955 out-abst 0.980  pass | baseline in-rec 0.950 out-abst 0.567   0.1s  trade,money-fx
    bal5x100       2/5   500 shares      in-rec 0.980 out-abst 0.010  -    | baseline in-rec 0.950 out-abst 0.567   0.0s  trade,money-fx
    bal5x100       2/5   500 seed-claims in-rec 0.955 out-abst 0.980  pass | baseline in-rec 0.950 out-abst 0.567   0.1s  trade,money-fx
    bal5x100       2/5   500 relevance   in-rec 0.940 out-abst 0.883  pass | baseline in-rec 0.920 out-abst 0.620   0.1s  acq,trade
    bal5x100       2/5   500 shares      in-rec 1.000 out-abst 0.023  -    | baseline in-rec 0.920 out-abst 0.620   0.1s  acq,trade
    bal5x100       2/5   500 seed-claims in-rec 0.940 out-abst 0.883  pass | baseline in-rec 0.920 out-abst 0.620   0.2s  acq,trade
    bal5x100       3/5   500 relevance   in-rec 0.950 out-abst 0.955  pass | baseline in-rec 0.920 out-abst 0.170   0.3s  earn,acq,money-fx
    bal5x100       3/5   500 shares      in-rec 0.977 out-abst 0.005  -    | baseline in-rec 0.920 out-abst 0.170   0.1s  earn,acq,money-fx
    bal5x100       3/5   500 seed-claims in-rec 0.950 out-abst 0.970  pass | baseline in-rec 0.920 out-abst 0.170   0.3s  earn,acq,money-fx
    bal5x100       3/5   500 relevance   in-rec 0.947 out-abst 0.940  pass | baseline in-rec 0.917 out-abst 0.325   0.5s  earn,acq,trade
    bal5x100       3/5   500 shares      in-rec 0.983 out-abst 0.010  -    | baseline in-rec 0.917 out-abst 0.325   0.1s  earn,acq,trade
    bal5x100       3/5   500 seed-claims in-rec 0.947 out-abst 0.940  pass | baseline in-rec 0.917 out-abst 0.325   0.4s  earn,acq,trade
    bal8x50        8/8   400 relevance   acc    0.970 unassig  0.000  pass | baseline acc    0.920 unassig  0.005   0.5s  all
    bal8x50        8/8   400 shares      acc    0.970 unassig  0.000  pass | baseline acc    0.920 unassig  0.005   0.2s  all
    bal8x50        8/8   400 seed-claims acc    0.970 unassig  0.000  pass | baseline acc    0.920 unassig  0.005   0.3s  all
    bal8x50        3/8   400 relevance   in-rec 0.887 out-abst 0.780  -    | baseline in-rec 0.913 out-abst 0.456   0.3s  trade,ship,sugar
    bal8x50        3/8   400 shares      in-rec 0.967 out-abst 0.000  -    | baseline in-rec 0.913 out-abst 0.456   0.2s  trade,ship,sugar
    bal8x50        3/8   400 seed-claims in-rec 0.887 out-abst 0.780  -    | baseline in-rec 0.913 out-abst 0.456   0.4s  trade,ship,sugar
    bal8x50        3/8   400 relevance   in-rec 0.920 out-abst 0.592  -    | baseline in-rec 0.887 out-abst 0.276   0.5s  trade,money-fx,interest
    bal8x50        3/8   400 shares      in-rec 0.927 out-abst 0.004  -    | baseline in-rec 0.887 out-abst 0.276   0.2s  trade,money-fx,interest
    bal8x50        3/8   400 seed-claims in-rec 0.920 out-abst 0.592  -    | baseline in-rec 0.887 out-abst 0.276   0.5s  trade,money-fx,interest
    bal8x50        4/8   400 relevance   in-rec 0.950 out-abst 0.775  -    | baseline in-rec 0.970 out-abst 0.230   0.6s  crude,trade,money-fx,coffee
    bal8x50        4/8   400 shares      in-rec 0.965 out-abst 0.000  -    | baseline in-rec 0.970 out-abst 0.230   0.2s  crude,trade,money-fx,coffee
    bal8x50        4/8   400 seed-claims in-rec 0.950 out-abst 0.755  -    | baseline in-rec 0.970 out-abst 0.230   0.5s  crude,trade,money-fx,coffee
    bal8x50        4/8   400 relevance   in-rec 0.975 out-abst 0.750  -    | baseline in-rec 1.000 out-abst 0.220   0.6s  crude,money-fx,coffee,sugar
    bal8x50        4/8   400 shares      in-rec 0.990 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.220   0.1s  crude,money-fx,coffee,sugar
    bal8x50        4/8   400 seed-claims in-rec 0.975 out-abst 0.760  -    | baseline in-rec 1.000 out-abst 0.220   0.4s  crude,money-fx,coffee,sugar
    bal8x50        5/8   400 relevance   in-rec 0.896 out-abst 0.720  -    | baseline in-rec 0.928 out-abst 0.040   0.6s  trade,money-fx,ship,coffee,gold
    bal8x50        5/8   400 shares      in-rec 0.952 out-abst 0.007  -    | baseline in-rec 0.928 out-abst 0.040   0.2s  trade,money-fx,ship,coffee,gold
    bal8x50        5/8   400 seed-claims in-rec 0.900 out-abst 0.740  -    | baseline in-rec 0.928 out-abst 0.040   0.6s  trade,money-fx,ship,coffee,gold
    bal8x50        5/8   400 relevance   in-rec 0.932 out-abst 0.953  pass | baseline in-rec 0.940 out-abst 0.580   0.6s  crude,trade,ship,coffee,sugar
    bal8x50        5/8   400 shares      in-rec 0.984 out-abst 0.000  -    | baseline in-rec 0.940 out-abst 0.580   0.3s  crude,trade,ship,coffee,sugar
    bal8x50        5/8   400 seed-claims in-rec 0.932 out-abst 0.953  pass | baseline in-rec 0.940 out-abst 0.580   0.6s  crude,trade,ship,coffee,sugar
    bal4x25        4/4   100 relevance   acc    0.890 unassig  0.110  -    | baseline acc    0.940 unassig  0.020   0.4s  all
    bal4x25        4/4   100 shares      acc    0.970 unassig  0.000  pass | baseline acc    0.940 unassig  0.020   0.3s  all
    bal4x25        4/4   100 seed-claims acc    0.890 unassig  0.110  -    | baseline acc    0.940 unassig  0.020   0.2s  all
    bal4x25        2/4   100 relevance   in-rec 0.980 out-abst 1.000  pass | baseline in-rec 1.000 out-abst 0.640   0.3s  acq,cpi
    bal4x25        2/4   100 shares      in-rec 1.000 out-abst 0.040  -    | baseline in-rec 1.000 out-abst 0.640   0.1s  acq,cpi
    bal4x25        2/4   100 seed-claims in-rec 0.980 out-abst 1.000  pass | baseline in-rec 1.000 out-abst 0.640   0.3s  acq,cpi
    bal4x25        2/4   100 relevance   in-rec 0.940 out-abst 0.980  pass | baseline in-rec 0.940 out-abst 0.260   0.4s  earn,acq
    bal4x25        2/4   100 shares      in-rec 1.000 out-abst 0.020  -    | baseline in-rec 0.940 out-abst 0.260   0.1s  earn,acq
    bal4x25        2/4   100 seed-claims in-rec 0.940 out-abst 0.980  pass | baseline in-rec 0.940 out-abst 0.260   0.3s  earn,acq
    random0        7/7  2367 relevance   acc    0.942 unassig  0.052  -    | baseline acc    0.845 unassig  0.093   1.7s  all
    random0        7/7  2367 shares      acc    0.984 unassig  0.000  pass | baseline acc    0.845 unassig  0.093   0.5s  all
    random0        7/7  2367 seed-claims acc    0.666 unassig  0.327  -    | baseline acc    0.845 unassig  0.093   1.7s  all
    random0        3/7  2367 relevance   in-rec 1.000 out-abst 0.873  pass | baseline in-rec 1.000 out-abst 0.792   0.8s  rubber,alum,gold
    random0        3/7  2367 shares      in-rec 1.000 out-abst 0.001  -    | baseline in-rec 1.000 out-abst 0.792   0.5s  rubber,alum,gold
    random0        3/7  2367 seed-claims in-rec 1.000 out-abst 0.909  pass | baseline in-rec 1.000 out-abst 0.792   0.7s  rubber,alum,gold
    random0        3/7  2367 relevance   in-rec 1.000 out-abst 0.824  pass | baseline in-rec 1.000 out-abst 0.740   1.5s  rubber,alum,gnp
    random0        3/7  2367 shares      in-rec 1.000 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.740   0.5s  rubber,alum,gnp
    random0        3/7  2367 seed-claims in-rec 1.000 out-abst 0.824  pass | baseline in-rec 1.000 out-abst 0.740   1.1s  rubber,alum,gnp
    random0        4/7  2367 relevance   in-rec 0.993 out-abst 0.804  pass | baseline in-rec 1.000 out-abst 0.728   1.2s  rubber,alum,gold,gnp
    random0        4/7  2367 shares      in-rec 1.000 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.728   0.3s  rubber,alum,gold,gnp
    random0        4/7  2367 seed-claims in-rec 0.993 out-abst 0.804  pass | baseline in-rec 1.000 out-abst 0.728   0.4s  rubber,alum,gold,gnp
    random0        4/7  2367 relevance   in-rec 0.768 out-abst 0.817  -    | baseline in-rec 0.858 out-abst 0.361   0.3s  rubber,alum,cpi,earn
    random0        4/7  2367 shares      in-rec 0.961 out-abst 0.000  -    | baseline in-rec 0.858 out-abst 0.361   0.1s  rubber,alum,cpi,earn
    random0        4/7  2367 seed-claims in-rec 0.768 out-abst 0.817  -    | baseline in-rec 0.858 out-abst 0.361   0.5s  rubber,alum,cpi,earn
    random1        7/7  2406 relevance   acc    0.845 unassig  0.148  -    | baseline acc    0.844 unassig  0.088   1.4s  all
    random1        7/7  2406 shares      acc    0.978 unassig  0.000  pass | baseline acc    0.844 unassig  0.088   0.6s  all
    random1        7/7  2406 seed-claims acc    0.804 unassig  0.188  -    | baseline acc    0.844 unassig  0.088   2.8s  all
    random1        3/7  2406 relevance   in-rec 0.773 out-abst 0.773  -    | baseline in-rec 0.854 out-abst 0.177   1.9s  money-fx,earn,cocoa
    random1        3/7  2406 shares      in-rec 0.970 out-abst 0.014  -    | baseline in-rec 0.854 out-abst 0.177   0.6s  money-fx,earn,cocoa
    random1        3/7  2406 seed-claims in-rec 0.773 out-abst 0.773  -    | baseline in-rec 0.854 out-abst 0.177   1.8s  money-fx,earn,cocoa
    random1        3/7  2406 relevance   in-rec 0.780 out-abst 0.566  -    | baseline in-rec 0.848 out-abst 0.235   1.7s  money-fx,earn,cpi
    random1        3/7  2406 shares      in-rec 0.969 out-abst 0.000  -    | baseline in-rec 0.848 out-abst 0.235   0.7s  money-fx,earn,cpi
    random1        3/7  2406 seed-claims in-rec 0.780 out-abst 0.566  -    | baseline in-rec 0.848 out-abst 0.235   1.6s  money-fx,earn,cpi
    random1        4/7  2406 relevance   in-rec 0.961 out-abst 0.757  -    | baseline in-rec 0.848 out-abst 0.194   0.7s  money-fx,earn,cocoa,cpi
    random1        4/7  2406 shares      in-rec 0.972 out-abst 0.019  -    | baseline in-rec 0.848 out-abst 0.194   0.2s  money-fx,earn,cocoa,cpi
    random1        4/7  2406 seed-claims in-rec 0.776 out-abst 0.757  -    | baseline in-rec 0.848 out-abst 0.194   0.5s  money-fx,earn,cocoa,cpi
    random1        4/7  2406 relevance   in-rec 0.967 out-abst 0.681  -    | baseline in-rec 0.848 out-abst 0.085   0.9s  money-fx,earn,gold,rubber
    random1        4/7  2406 shares      in-rec 0.971 out-abst 0.021  -    | baseline in-rec 0.848 out-abst 0.085   0.4s  money-fx,earn,gold,rubber
    random1        4/7  2406 seed-claims in-rec 0.791 out-abst 0.351  -    | baseline in-rec 0.848 out-abst 0.085   0.8s  money-fx,earn,gold,rubber
    random2        8/8   553 relevance   acc    0.957 unassig  0.018  pass | baseline acc    0.949 unassig  0.000   0.4s  all
    random2        8/8   553 shares      acc    0.969 unassig  0.000  pass | baseline acc    0.949 unassig  0.000   0.2s  all
    random2        8/8   553 seed-claims acc    0.957 unassig  0.018  pass | baseline acc    0.949 unassig  0.000   0.6s  all
    random2        3/8   553 relevance   in-rec 0.953 out-abst 0.966  pass | baseline in-rec 1.000 out-abst 0.327   0.4s  cpi,alum,rubber
    random2        3/8   553 shares      in-rec 0.988 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.327   0.2s  cpi,alum,rubber
    random2        3/8   553 seed-claims in-rec 0.953 out-abst 0.966  pass | baseline in-rec 1.000 out-abst 0.327   0.4s  cpi,alum,rubber
    random2        3/8   553 relevance   in-rec 0.982 out-abst 0.986  pass | baseline in-rec 1.000 out-abst 0.363   0.3s  cpi,sugar,crude
    random2        3/8   553 shares      in-rec 0.996 out-abst 0.000  -    | baseline in-rec 1.000 out-abst 0.363   0.1s  cpi,sugar,crude
    random2        3/8   553 seed-claims in-rec 0.982 out-abst 0.986  pass | baseline in-rec 1.000 out-abst 0.363   0.3s  cpi,sugar,crude
    random2        4/8   553 relevance   in-rec 0.974 out-abst 0.627  -    | baseline in-rec 0.974 out-abst 0.075   0.4s  gold,cpi,sugar,money-fx
    random2        4/8   553 shares      in-rec 0.985 out-abst 0.000  -    | baseline in-rec 0.974 out-abst 0.075   0.1s  gold,cpi,sugar,money-fx
    random2        4/8   553 seed-claims in-rec 0.978 out-abst 0.624  -    | baseline in-rec 0.974 out-abst 0.075   0.3s  gold,cpi,sugar,money-fx
    random2        4/8   553 relevance   in-rec 0.988 out-abst 0.805  pass | baseline in-rec 0.988 out-abst 0.096   0.3s  gold,sugar,money-fx,rubber
    random2        4/8   553 shares      in-rec 1.000 out-abst 0.010  -    | baseline in-rec 0.988 out-abst 0.096   0.1s  gold,sugar,money-fx,rubber
    random2        4/8   553 seed-claims in-rec 0.973 out-abst 0.836  pass | baseline in-rec 0.988 out-abst 0.096   0.3s  gold,sugar,money-fx,rubber
    random2        5/8   553 relevance   in-rec 0.933 out-abst 0.746  -    | baseline in-rec 0.923 out-abst 0.148   0.4s  cpi,sugar,alum,money-fx,interest
    random2        5/8   553 shares      in-rec 0.949 out-abst 0.000  -    | baseline in-rec 0.923 out-abst 0.148   0.1s  cpi,sugar,alum,money-fx,interest
    random2        5/8   553 seed-claims in-rec 0.933 out-abst 0.746  -    | baseline in-rec 0.923 out-abst 0.148   0.3s  cpi,sugar,alum,money-fx,interest
    random2        5/8   553 relevance   in-rec 0.973 out-abst 0.778  -    | baseline in-rec 0.973 out-abst 0.092   0.7s  gold,cpi,alum,money-fx,rubber
    random2        5/8   553 shares      in-rec 0.985 out-abst 0.000  -    | baseline in-rec 0.973 out-abst 0.092   0.2s  gold,cpi,alum,money-fx,rubber
    random2        5/8   553 seed-claims in-rec 0.958 out-abst 0.795  -    | baseline in-rec 0.973 out-abst 0.092   1.0s  gold,cpi,alum,money-fx,rubber
    random3        7/7  2728 relevance   acc    0.826 unassig  0.162  -    | baseline acc    0.845 unassig  0.081   2.1s  all
    random3        7/7  2728 shares      acc    0.979 unassig  0.000  pass | baseline acc    0.845 unassig  0.081   0.7s  all
    random3        7/7  2728 seed-claims acc    0.826 unassig  0.162  -    | baseline acc    0.845 unassig  0.081   0.9s  all
    random3        3/7  2728 relevance   in-rec 0.975 out-abst 0.832  pass | baseline in-rec 0.997 out-abst 0.759   1.4s  coffee,money-fx,crude
    random3        3/7  2728 shares      in-rec 0.978 out-abst 0.000  -    | baseline in-rec 0.997 out-abst 0.759   0.4s  coffee,money-fx,crude
    random3        3/7  2728 seed-claims in-rec 0.975 out-abst 0.832  pass | baseline in-rec 0.997 out-abst 0.759   1.3s  coffee,money-fx,crude
    random3        3/7  2728 relevance   in-rec 0.962 out-abst 0.780  -    | baseline in-rec 0.990 out-abst 0.754   1.1s  coffee,money-fx,grain
    random3        3/7  2728 shares      in-rec 0.938 out-abst 0.000  -    | baseline in-rec 0.990 out-abst 0.754   0.2s  coffee,money-fx,grain
    random3        3/7  2728 seed-claims in-rec 0.962 out-abst 0.780  -    | baseline in-rec 0.990 out-abst 0.754   0.8s  coffee,money-fx,grain
    random3        4/7  2728 relevance   in-rec 0.966 out-abst 0.846  pass | baseline in-rec 0.992 out-abst 0.762   0.5s  coffee,money-fx,crude,grain
    random3        4/7  2728 shares      in-rec 0.966 out-abst 0.000  -    | baseline in-rec 0.992 out-abst 0.762   0.2s  coffee,money-fx,crude,grain
    random3        4/7  2728 seed-claims in-rec 0.966 out-abst 0.846  pass | baseline in-rec 0.992 out-abst 0.762   0.8s  coffee,money-fx,crude,grain
    random3        4/7  2728 relevance   in-rec 0.781 out-abst 0.867  -    | baseline in-rec 0.852 out-abst 0.109   0.6s  coffee,money-fx,earn,interest
    random3        4/7  2728 shares      in-rec 0.978 out-abst 0.011  -    | baseline in-rec 0.852 out-abst 0.109   0.2s  coffee,money-fx,earn,interest
    random3        4/7  2728 seed-claims in-rec 0.788 out-abst 0.976  -    | baseline in-rec 0.852 out-abst 0.109   1.0s  coffee,money-fx,earn,interest
    random4        8/8  1586 relevance   acc    0.968 unassig  0.000  pass | baseline acc    0.808 unassig  0.045   0.7s  all
    random4        8/8  1586 shares      acc    0.968 unassig  0.000  pass | baseline acc    0.808 unassig  0.045   0.4s  all
    random4        8/8  1586 seed-claims acc    0.908 unassig  0.066  -    | baseline acc    0.808 unassig  0.045   1.4s  all
    random4        3/8  1586 relevance   in-rec 0.967 out-abst 0.990  pass | baseline in-rec 0.815 out-abst 0.597   0.9s  ship,gold,acq
    random4        3/8  1586 shares      in-rec 0.979 out-abst 0.000  -    | baseline in-rec 0.815 out-abst 0.597   0.3s  ship,gold,acq
    random4        3/8  1586 seed-claims in-rec 0.902 out-abst 0.993  pass | baseline in-rec 0.815 out-abst 0.597   0.7s  ship,gold,acq
    random4        3/8  1586 relevance   in-rec 0.923 out-abst 0.892  pass | baseline in-rec 0.955 out-abst 0.321   0.7s  ship,rubber,money-fx
    random4        3/8  1586 shares      in-rec 0.959 out-abst 0.001  -    | baseline in-rec 0.955 out-abst 0.321   0.3s  ship,rubber,money-fx
    random4        3/8  1586 seed-claims in-rec 0.923 out-abst 0.892  pass | baseline in-rec 0.955 out-abst 0.321   0.8s  ship,rubber,money-fx
    random4        4/8  1586 relevance   in-rec 0.935 out-abst 0.926  pass | baseline in-rec 0.955 out-abst 0.374   0.5s  sugar,ship,rubber,cpi
    random4        4/8  1586 shares      in-rec 0.975 out-abst 0.000  -    | baseline in-rec 0.955 out-abst 0.374   0.1s  sugar,ship,rubber,cpi
    random4        4/8  1586 seed-claims in-rec 0.935 out-abst 0.968  pass | baseline in-rec 0.955 out-abst 0.374   0.2s  sugar,ship,rubber,cpi
    random4        4/8  1586 relevance   in-rec 0.915 out-abst 0.977  pass | baseline in-rec 0.821 out-abst 0.311   0.4s  sugar,rubber,cpi,acq
    random4        4/8  1586 shares      in-rec 0.974 out-abst 0.000  -    | baseline in-rec 0.821 out-abst 0.311   0.2s  sugar,rubber,cpi,acq
    random4        4/8  1586 seed-claims in-rec 0.915 out-abst 0.977  pass | baseline in-rec 0.821 out-abst 0.311   0.3s  sugar,rubber,cpi,acq
    random4        5/8  1586 relevance   in-rec 0.949 out-abst 0.893  pass | baseline in-rec 0.946 out-abst 0.328   0.3s  ship,rubber,gold,cpi,trade
    random4        5/8  1586 shares      in-rec 0.968 out-abst 0.000  -    | baseline in-rec 0.946 out-abst 0.328   0.1s  ship,rubber,gold,cpi,trade
    random4        5/8  1586 seed-claims in-rec 0.949 out-abst 0.893  pass | baseline in-rec 0.946 out-abst 0.328   0.3s  ship,rubber,gold,cpi,trade
    random4        5/8  1586 relevance   in-rec 0.973 out-abst 0.887  pass | baseline in-rec 0.818 out-abst 0.327   0.3s  sugar,ship,gold,cpi,acq
    random4        5/8  1586 shares      in-rec 0.978 out-abst 0.000  -    | baseline in-rec 0.818 out-abst 0.327   0.1s  sugar,ship,gold,cpi,acq
    random4        5/8  1586 seed-claims in-rec 0.893 out-abst 0.893  -    | baseline in-rec 0.818 out-abst 0.327   0.2s  sugar,ship,gold,cpi,acq
    random5        4/4  1155 relevance   acc    0.993 unassig  0.000  pass | baseline acc    0.796 unassig  0.105   0.1s  all
    random5        4/4  1155 shares      acc    0.993 unassig  0.000  pass | baseline acc    0.796 unassig  0.105   0.1s  all
    random5        4/4  1155 seed-claims acc    0.898 unassig  0.099  -    | baseline acc    0.796 unassig  0.105   0.2s  all
    random5        2/4  1155 relevance   in-rec 0.941 out-abst 0.687  -    | baseline in-rec 0.811 out-abst 0.458   0.2s  acq,gnp
    random5        2/4  1155 shares      in-rec 0.993 out-abst 0.060  -    | baseline in-rec 0.811 out-abst 0.458   0.1s  acq,gnp
    random5        2/4  1155 seed-claims in-rec 0.876 out-abst 0.855  -    | baseline in-rec 0.811 out-abst 0.458   0.3s  acq,gnp
    random5        2/4  1155 relevance   in-rec 0.993 out-abst 0.770  -    | baseline in-rec 0.805 out-abst 0.344   0.3s  money-supply,acq
    random5        2/4  1155 shares      in-rec 0.982 out-abst 0.082  -    | baseline in-rec 0.805 out-abst 0.344   0.1s  money-supply,acq
    random5        2/4  1155 seed-claims in-rec 0.885 out-abst 0.508  -    | baseline in-rec 0.805 out-abst 0.344   0.3s  money-supply,acq
    baseline    full: acc mean 0.868 min 0.753, unassigned max 0.175, pass 1/16 | partial: in-rec mean 0.917, out-abst mean 0.367, pass 1/70
    relevance   full: acc mean 0.936 min 0.826, unassigned max 0.162, pass 10/16 | partial: in-rec mean 0.938, out-abst mean 0.821, pass 39/70
    seed-claims full: acc mean 0.871 min 0.666, unassigned max 0.327, pass 5/16 | partial: in-rec mean 0.899, out-abst mean 0.831, pass 33/70
    shares      full: acc mean 0.968 min 0.927, unassigned max 0.004, pass 14/16 | partial: in-rec mean 0.973, out-abst mean 0.008, pass 0/70

Reading it: the relevances pass 10 of 16 full-lexicon runs (mean accuracy
0.936) and 39 of 70 partial ones (in-lexicon recall 0.938, out-of-lexicon
abstention 0.821); the shares pass 14 of 16 and none of 70 (they abstain on
0.8% of the articles of unnamed topics); the plain seed cosine 1 and 1. With
seed claims only, 5 of 16 and 33 of 70 passed (0.871 mean full accuracy):
the seedless sub-genres of ``earn`` (result tables, "qtly div ... record
... pay") became background. (Under ``background=True``, before the
shares' threshold applied to corpora without a background, that version
measured 3 of 16: bal5x100, bal8x50 and no-earn-acq have no unclaimed
cluster.) Neighbour claims keep them: a cluster no seed claims goes to theme
t when its nearest cluster is t's and the shares model is as sure of it as
of t's least sure seed-claimed cluster. What still fails: unnamed topics
whose clusters carry a named neighbour's seed words, so that its seeds
claim them (the macro runs, bal8x50's, random1's and random2's: abstention
0.36 to 0.78); full lexicons where a sub-genre lies apart from its theme or
labels overlap (random1 0.845, random3 0.826, macro 0.873, bal4x25 0.890);
and short-top6 with earn, acq, trade and money-fx named (abstention 0.000):
its few short crude and ship stories share clusters with named topics, the
only unclaimed clusters were earnings tables, and once neighbour claims
return these to earn no background is left (seed claims abstained on 0.500
only because the tables were the background). The clustering's random seed moves a few runs: with the SVD and k-means
seeded 1 and 2 instead of 0 (scratch runs), the relevances passed 9 and 8
of 16 full runs (mean accuracy 0.923, 0.926) and 35 and 41 of 70 partial
ones (recall 0.922, 0.936; abstention 0.820, 0.821), the seed claims 4 and
6 full, 32 and 33 partial.

Tried on the same 86 runs and not kept (scratch code that kept the 0.5
threshold when no background is left, where the kept rule measured 7/39,
0.928, 0.938, 0.822; numbers are full passes / partial passes, mean full
accuracy, partial recall, abstention):
a fixed threshold of 0.5 on the shares model's mean probability instead of
the least sure claimed cluster's (7/37, 0.929, 0.940, 0.769: whole unnamed
topics claimed, abstention 0.05 on top6 earn,acq,crude,money-fx), 0.9
(6/38, 0.909, 0.932, 0.807), the mean instead of the least sure claimed
cluster (4/38, 0.889, 0.933, 0.824), claims repeated until nothing changes
(8/39, 0.935, 0.938, 0.820), the learned models' probability without the
seed prior (7/38, 0.928, 0.938, 0.809), and a claim by the overlap of a
cluster's distinctive terms with those of a theme's seed-held articles
(log-odds of document frequency, informative Dirichlet prior): it does not
separate a theme's seedless clusters from unnamed topics' (at a cosine of
0.25 it would claim 9% of the first and 22% of the second).

Earlier findings: the matrix holds single words plus the lexicon's seed
phrases (``vectorize(..., phrases=...)``); single words alone gave 0.949 on
top10 and 0.838 on macro, every bigram of the corpus the same accuracy as the
seed phrases at about eight times the vocabulary. One round of the learned
models (no self-training) gave 0.963, 0.945, 0.950, 0.987, 0.911 and 0.976 on
the named and random subsets. On ``macro``, labels that follow the newsroom's
conventions (Fed money-market operations filed as ``money-fx``) cap even a
supervised classifier at about 0.93 in 10-fold cross-validation.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578-dev.jsonl"

# Seed words written from the class names alone (what each topic is about),
# not mined from the corpus.
SEEDS = {
    "earn": ["earnings", "profit", "net income", "loss", "quarter", "dividend",
             "per share", "revenue", "results", "fiscal year"],
    "acq": ["acquisition", "acquire", "merger", "takeover", "buy", "stake", "bid",
            "deal", "purchase", "tender offer"],
    "crude": ["crude oil", "oil", "barrels", "opec", "petroleum", "oil prices",
              "refinery", "drilling", "energy", "oil output"],
    "trade": ["trade", "exports", "imports", "trade deficit", "trade surplus",
              "tariffs", "protectionism", "trade talks", "trade balance", "quotas"],
    "money-fx": ["currency", "dollar", "exchange rate", "yen", "foreign exchange",
                 "intervention", "central bank", "devaluation", "currency markets",
                 "money market"],
    "interest": ["interest rates", "rate cut", "prime rate", "discount rate",
                 "federal reserve", "basis points", "lending rate", "rates",
                 "monetary policy", "bond yields"],
    "ship": ["shipping", "ship", "vessel", "port", "freight", "cargo", "tanker",
             "shipowners", "harbour", "seamen"],
    "coffee": ["coffee", "coffee prices", "ico", "coffee exports", "beans", "arabica",
               "robusta", "export quotas", "growers", "bags"],
    "sugar": ["sugar", "cane", "beet", "tonnes", "sugar prices", "refined sugar",
              "raw sugar", "harvest", "sugar exports", "white sugar"],
    "money-supply": ["money supply", "m1", "m2", "m3", "monetary aggregates",
                     "bank reserves", "money growth", "deposits", "credit", "money stock"],
    "gold": ["gold", "ounces", "gold mine", "bullion", "precious metals", "gold price",
             "mining", "ore", "silver", "gold production"],
    "cocoa": ["cocoa", "cocoa beans", "cocoa prices", "icco", "buffer stock",
              "grindings", "chocolate", "ivory coast", "cocoa exports", "ghana"],
    "grain": ["grain", "wheat", "corn", "maize", "barley", "harvest", "crop",
              "bushels", "grain exports", "usda"],
    "cpi": ["consumer prices", "inflation", "consumer price index", "cost of living",
            "prices rose", "annual inflation", "retail prices", "price index",
            "inflation rate", "prices"],
    "gnp": ["gross national product", "gnp", "gdp", "economic growth",
            "gross domestic product", "economy grew", "recession", "output",
            "growth rate", "economic output"],
    "rubber": ["rubber", "natural rubber", "inra", "rubber prices", "buffer stock",
               "latex", "rubber producers", "tyres", "rubber agreement", "malaysia"],
    "alum": ["aluminium", "aluminum", "alumina", "smelter", "bauxite",
             "aluminium prices", "ingot", "metal", "aluminium output", "alcoa"],
}

#: Methods compared on every run: the default, the shares, and the relevance
#: scores with seed claims only (no neighbour claims), as first shipped.
METHODS = ("relevance", "shares", "seed-claims")

SUBSETS = {
    "top6": ["earn", "acq", "crude", "trade", "money-fx", "ship"],
    "top10": ["earn", "acq", "crude", "trade", "money-fx", "ship", "coffee", "sugar",
              "money-supply", "interest"],
    "no-earn-acq": ["crude", "trade", "money-fx", "ship", "coffee", "sugar", "interest", "gold"],
    "commodities": ["crude", "ship", "coffee", "sugar", "gold", "cocoa", "grain", "rubber", "alum"],
    "macro": ["trade", "money-fx", "money-supply", "interest", "cpi", "gnp"],
}


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        stories = [json.loads(line) for line in handle if line.strip()]
    return [s for s in stories if len(s.get("topics") or []) == 1]


def _frame(stories: list[dict]) -> tuple[pl.DataFrame, np.ndarray]:
    frame = pl.DataFrame(
        {
            "article_id": [str(s["id"]) for s in stories],
            "headline": [s.get("title") or "" for s in stories],
            "highlights": [[] for _ in stories],
            "body": [s.get("text") or "" for s in stories],
        },
        schema={"article_id": pl.String, "headline": pl.String,
                "highlights": pl.List(pl.String), "body": pl.String},
    )
    return frame, np.array([s["topics"][0] for s in stories])


def _of(stories: list[dict], classes: list[str]) -> list[dict]:
    return [s for s in stories if s["topics"][0] in classes]


def _capped(stories: list[dict], classes: list[str], cap: int, seed: int) -> list[dict]:
    """At most ``cap`` stories per class (a balanced subset), drawn with a fixed seed."""
    rng = random.Random(seed)
    chosen = []
    for c in classes:
        members = _of(stories, [c])
        rng.shuffle(members)
        chosen += members[:cap]
    return sorted(chosen, key=lambda s: s["id"])


def _words(story: dict) -> int:
    return len((story.get("text") or "").split())


def _shaped_subsets(stories: list[dict]) -> dict[str, tuple[list[dict], list[str]]]:
    """Subsets of other shapes: short and long stories, balanced classes."""
    top6 = SUBSETS["top6"]
    b5 = ["earn", "acq", "crude", "trade", "money-fx"]
    b8 = ["crude", "trade", "money-fx", "ship", "coffee", "sugar", "gold", "interest"]
    b4 = ["earn", "acq", "grain", "cpi"]
    return {
        "short-top6": ([s for s in _of(stories, top6) if _words(s) <= 60], top6),
        "long-top6": ([s for s in _of(stories, top6) if _words(s) >= 150], top6),
        "bal5x100": (_capped(stories, b5, 100, 1), b5),
        "bal8x50": (_capped(stories, b8, 50, 2), b8),
        "bal4x25": (_capped(stories, b4, 25, 3), b4),
    }


def _random_subsets(n: int, seed: int = 0) -> dict[str, list[str]]:
    rng = random.Random(seed)
    names = sorted(SEEDS)
    return {f"random{i}": rng.sample(names, rng.randint(4, 8)) for i in range(n)}


def _lexicons(name: str, classes: list[str]) -> list[list[str]]:
    """The full lexicon, then partial ones naming about 2/5, 1/2 and 3/5 of the classes.

    Two draws per size, with a seed fixed by the subset.
    """
    rng = random.Random(len(name) * 31 + len(classes))
    T = len(classes)
    sizes = {max(2, round(0.4 * T)), max(2, round(0.6 * T))} | ({T // 2} if T >= 8 else set())
    partial = [sorted(rng.sample(classes, m), key=classes.index) for m in sorted(sizes) if m < T for _ in range(2)]
    return [list(classes), *partial]


def _baseline(matrix, lexicon: list[str]) -> np.ndarray:
    """Plain seed cosine: the seed words joined, as a TF-IDF vector; argmax."""
    from sklearn.preprocessing import normalize

    seeds = normalize(matrix.vectorizer.transform([" ".join(SEEDS[c]) for c in lexicon]))
    sims = (matrix.X @ seeds.T).toarray()
    pred = np.array(lexicon, dtype=object)[sims.argmax(axis=1)]
    pred[sims.max(axis=1) <= 0] = None
    return pred


def _method(frame: pl.DataFrame, matrix, lexicon: list[str], method: str) -> np.ndarray:
    from reexdata.themes import background, score_themes

    if method == "seed-claims":
        # The first version of the relevance scores: clusters are claimed by
        # seed evidence only (no neighbour claims).
        original = background._neighbour_claims
        background._neighbour_claims = lambda members, X, shares, owner: owner
        try:
            return _method(frame, matrix, lexicon, "relevance")
        finally:
            background._neighbour_claims = original
    scores = score_themes(frame, lexicon={c: SEEDS[c] for c in lexicon}, matrix=matrix, method=method)
    primary = dict(scores.filter(pl.col("is_primary")).select("article_id", "theme").iter_rows())
    return np.array([primary.get(a) for a in frame.get_column("article_id")], dtype=object)


def _numbers(pred: np.ndarray, labels: np.ndarray, lexicon: list[str]) -> dict[str, float]:
    """Accuracy and unassigned share (full lexicon); in-lexicon recall and abstention (partial)."""
    named = np.isin(labels, lexicon)
    out = {"acc": np.mean(pred == labels), "unassigned": np.mean(pred == None)}  # noqa: E711
    if not named.all():
        out["recall"] = np.mean(pred[named] == labels[named])
        out["abstention"] = np.mean(pred[~named] == None)  # noqa: E711
    return out


def _passes(m: dict[str, float]) -> bool:
    if "recall" in m:
        return m["recall"] >= 0.90 and m["abstention"] >= 0.80
    return m["acc"] >= 0.95 and m["unassigned"] <= 0.05


def _line(name, n, lexicon, classes, method, m, base, seconds) -> str:
    cover = f"{len(lexicon)}/{len(classes)}"
    if "recall" in m:
        ours = f"in-rec {m['recall']:.3f} out-abst {m['abstention']:.3f}"
        plain = f"in-rec {base['recall']:.3f} out-abst {base['abstention']:.3f}"
    else:
        ours = f"acc    {m['acc']:.3f} unassig  {m['unassigned']:.3f}"
        plain = f"acc    {base['acc']:.3f} unassig  {base['unassigned']:.3f}"
    verdict = "pass" if _passes(m) else "-"
    named = ",".join(lexicon) if len(lexicon) < len(classes) else "all"
    return (f"{name:<12} {cover:>5} {n:>5} {method:<11} {ours}  {verdict:<4} | baseline {plain}"
            f" {seconds:>5.1f}s  {named}")


def _summary(results: list[tuple[str, bool, dict]]) -> list[str]:
    lines = []
    for method in sorted({r[0] for r in results}):
        full = [m for meth, partial, m in results if meth == method and not partial]
        part = [m for meth, partial, m in results if meth == method and partial]
        text = f"{method:<11} full: acc mean {np.mean([m['acc'] for m in full]):.3f}"
        text += f" min {np.min([m['acc'] for m in full]):.3f}, unassigned max"
        text += f" {np.max([m['unassigned'] for m in full]):.3f}, pass {sum(map(_passes, full))}/{len(full)}"
        if part:
            text += f" | partial: in-rec mean {np.mean([m['recall'] for m in part]):.3f},"
            text += f" out-abst mean {np.mean([m['abstention'] for m in part]):.3f},"
            text += f" pass {sum(map(_passes, part))}/{len(part)}"
        lines.append(text)
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--subset", action="append",
                        help="subset to evaluate (repeatable; default: all)")
    parser.add_argument("--random", type=int, default=6, metavar="N",
                        help="random class subsets to add (default: 6)")
    parser.add_argument("--full-only", action="store_true", help="skip the partial lexicons")
    args = parser.parse_args(argv)
    from reexdata.vectorize import vectorize

    stories = _read(Path(args.corpus))
    subsets = {name: (_of(stories, classes), classes) for name, classes in SUBSETS.items()}
    subsets |= _shaped_subsets(stories)
    subsets |= {name: (_of(stories, c), c) for name, c in _random_subsets(args.random).items()}
    if args.subset:
        subsets = {name: subsets[name] for name in args.subset}
    print(f"{'subset':<12} {'named':>5} {'n':>5} {'method':<11} numbers (pass = the issue-13 bar)"
          " | plain seed cosine, same run")
    results = []
    for name, (chosen, classes) in subsets.items():
        frame, labels = _frame(chosen)
        lexicons = _lexicons(name, list(classes))[: 1 if args.full_only else None]
        for lexicon in lexicons:
            matrix = vectorize(frame, phrases=[t for c in lexicon for t in SEEDS[c]])
            base = _numbers(_baseline(matrix, lexicon), labels, lexicon)
            results.append(("baseline", len(lexicon) < len(classes), base))
            for method in METHODS:
                start = time.perf_counter()
                m = _numbers(_method(frame, matrix, lexicon, method), labels, lexicon)
                seconds = time.perf_counter() - start
                results.append((method, len(lexicon) < len(classes), m))
                print(_line(name, len(labels), lexicon, classes, method, m, base, seconds), flush=True)
    for line in _summary(results):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

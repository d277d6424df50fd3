"""JMA weather warnings, 土砂災害警戒情報, 指定河川洪水予報 and rainfall, as alert levels."""

"""ファイル → 配布パッケージを書き出す… and 安否確認を取り込む…: the Qt front of :mod:`evac_plans.package`."""

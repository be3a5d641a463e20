import Foundation
import Mustache

/// The Mustache templates of the web pages, compiled into the binary (nothing to install
/// beside it). `{{x}}` escapes HTML; `{{{body}}}` is used only for HTML rendered here.
/// Vietnamese text; small screens first; no JavaScript.
enum WebTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch { fatalError("web template \(name) does not parse: \(error)") }
        }
        return library
    }()

    static func render(_ name: String, _ object: [String: Any]) -> String {
        guard let html = library.render(object, withTemplate: name) else { fatalError("no web template \(name)") }
        return html
    }

    static let templates: [String: String] = [
        "layout": layout, "login": login, "home": home, "upload": upload, "uploads": uploads, "upload-detail": uploadDetail,
        "reports": reports, "monthly": monthly, "users": users, "error": error, "problems": problems,
    ]

    static let layout = """
    <!doctype html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} — SIPAS</title>
    <style>
    :root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe1; --accent: #0b5cad; --bad: #b3261e; --good: #1e7b34; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f6f8fa; }
    header { background: var(--accent); color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
    header a { color: #fff; text-decoration: none; }
    header .brand { font-weight: 700; font-size: 1.15rem; margin-right: auto; }
    header nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
    header form { display: flex; gap: .5rem; align-items: center; margin: 0; }
    header button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: 4px; padding: .15rem .6rem; font: inherit; }
    main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
    h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
    label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
    input, select, button { font: inherit; }
    input[type=text], input[type=password], input[type=month], select { width: 100%; max-width: 28rem; padding: .45rem; border: 1px solid var(--line); border-radius: 4px; }
    input[type=file] { max-width: 100%; }
    button.primary, a.button { display: inline-block; margin-top: 1rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .55rem 1.1rem; text-decoration: none; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
    th { background: #eef2f6; font-weight: 600; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .flash { padding: .75rem 1rem; border-radius: 6px; margin-bottom: 1rem; }
    .flash.bad { background: #fdecea; color: var(--bad); border: 1px solid #f5c2be; }
    .flash.good { background: #e7f5ea; color: var(--good); border: 1px solid #b7dfc0; }
    .problems td.where { white-space: nowrap; font-weight: 600; color: var(--bad); }
    .muted { color: var(--muted); font-size: .9rem; }
    .status-superseded { color: var(--muted); }
    .row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
    .inline { display: inline; }
    footer { text-align: center; color: var(--muted); font-size: .85rem; padding: 2rem 1rem; }
    </style>
    </head>
    <body>
    <header>
    <a class="brand" href="/">SIPAS — Chỉ số hài lòng</a>
    {{#user}}
    <nav>
    <a href="/upload">Tải lên</a>
    <a href="/uploads">Tệp đã tải lên</a>
    <a href="/reports">Báo cáo tháng</a>
    <a href="/compare">So sánh huyện</a>
    <a href="/monthly">Báo cáo định kỳ</a>
    {{#isAdmin}}<a href="/admin/users">Tài khoản</a>{{/isAdmin}}
    </nav>
    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><span>{{username}}</span><button type="submit">Đăng xuất</button></form>
    {{/user}}
    </header>
    <main>
    {{{body}}}
    </main>
    <footer>sipas · Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước</footer>
    </body>
    </html>
    """

    static let login = """
    <h1>Đăng nhập</h1>
    {{#message}}<div class="flash bad" role="alert">{{message}}</div>{{/message}}
    <form class="card" method="post" action="/login">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="username">Tên đăng nhập</label>
    <input type="text" id="username" name="username" value="{{username}}" autocomplete="username" autocapitalize="none" required>
    <label for="password">Mật khẩu</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <div><button class="primary" type="submit">Đăng nhập</button></div>
    </form>
    """

    static let home = """
    <h1>Xin chào, {{username}}</h1>
    <p class="muted">Vai trò: {{roleLabel}}{{#hasUnit}} · Đơn vị: {{unit}}{{/hasUnit}}</p>
    <div class="card">
    <ul>
    {{#mayImport}}<li><a href="/upload">Tải lên phiếu tổng hợp hoặc phiếu khảo sát</a>, và tải mẫu phiếu tổng hợp</li>{{/mayImport}}
    <li><a href="/uploads">Các tệp đã tải lên</a> và lỗi của tệp bị từ chối</li>
    <li><a href="/reports">Báo cáo tháng</a></li>
    <li><a href="/compare">So sánh các huyện, thị xã, thành phố</a></li>
    <li><a href="/monthly">Báo cáo định kỳ đã lập</a></li>
    {{#isAdmin}}<li><a href="/admin/users">Tài khoản và vai trò</a></li>{{/isAdmin}}
    </ul>
    </div>
    """

    static let problems = """
    <div class="table-wrap"><table class="problems" id="problems">
    <thead><tr><th>Dòng</th><th>Cột</th><th>Lỗi</th></tr></thead>
    <tbody>
    {{#problems}}<tr><td class="where">{{line}}</td><td class="where">{{column}}</td><td>{{message}}{{#original}}<br><span class="muted" lang="en">{{original}}</span>{{/original}}</td></tr>{{/problems}}
    </tbody></table></div>
    {{#hasMore}}<p class="muted">… và {{more}} lỗi khác cùng loại.</p>{{/hasMore}}
    """

    static let upload = """
    <h1>Tải lên</h1>
    {{#error}}<div class="flash bad" role="alert" id="upload-error"><strong>Tệp {{fileName}} không được nhận.</strong> {{error}}</div>{{/error}}
    {{#hasProblems}}
    <div class="card">
    <h2>Lỗi trong tệp {{fileName}} ({{problemCount}} lỗi) — chưa có gì được ghi</h2>
    <p class="muted">Sửa các ô dưới đây trong tệp rồi tải lên lại.</p>
    {{> problems}}
    </div>
    {{/hasProblems}}
    <form class="card" method="post" action="/upload" enctype="multipart/form-data">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="kind">Loại tệp</label>
    <select id="kind" name="kind">
    <option value="tallies"{{#isTallies}} selected{{/isTallies}}>Phiếu tổng hợp (số phiếu chọn mỗi phương án)</option>
    <option value="responses"{{^isTallies}} selected{{/isTallies}}>Phiếu khảo sát nhập từng phiếu</option>
    </select>
    <label for="survey">Bộ câu hỏi</label>
    <select id="survey" name="survey">{{#surveys}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}} — {{title}}</option>{{/surveys}}</select>
    <label for="file">Tệp (CSV hoặc XLSX)</label>
    <input type="file" id="file" name="file" accept=".csv,.xlsx,.txt" required>
    <label><input type="checkbox" name="replace" value="true"> Thay thế tệp đã tải lên trước cho cùng đơn vị và kỳ (sửa sai)</label>
    <div><button class="primary" type="submit">Tải lên</button></div>
    <p class="muted">Dung lượng tối đa {{maxMB}} MB.</p>
    </form>
    <h2>Tải mẫu phiếu tổng hợp</h2>
    <form class="card" method="get" action="/template">
    <label for="t-survey">Bộ câu hỏi</label>
    <select id="t-survey" name="survey">{{#surveys}}<option value="{{code}}">{{code}}</option>{{/surveys}}</select>
    <label for="t-unit">Mã đơn vị</label>
    <input type="text" id="t-unit" name="unit" value="{{defaultUnit}}" required>
    <label><input type="checkbox" name="children" value="true"> Kèm các đơn vị trực thuộc</label>
    <label for="t-period">Tháng</label>
    <input type="month" id="t-period" name="period" value="{{defaultPeriod}}" required>
    <label for="t-format">Định dạng</label>
    <select id="t-format" name="format"><option value="xlsx">XLSX (Excel)</option><option value="csv">CSV</option></select>
    <div><button class="primary" type="submit">Tải mẫu</button></div>
    </form>
    """

    static let uploads = """
    <h1>Các tệp đã tải lên</h1>
    {{#hasRejections}}
    <h2>Tệp bị từ chối gần đây</h2>
    {{/hasRejections}}
    {{#rejections}}
    <div class="card rejection">
    <strong>{{fileName}}</strong> <span class="muted">({{kind}}, {{survey}}, {{at}}) — {{problemCount}} lỗi, chưa có gì được ghi</span>
    {{> problems}}
    </div>
    {{/rejections}}
    <h2>Tệp đã nhận</h2>
    <div class="table-wrap"><table id="uploads">
    <thead><tr><th>Số</th><th>Tệp</th><th>Loại</th><th>Bộ câu hỏi</th><th>Người tải</th><th>Lúc</th><th>Số phiếu</th><th>Trạng thái</th></tr></thead>
    <tbody>
    {{#uploads}}<tr class="status-{{status}}"><td><a href="/uploads/{{id}}">{{id}}</a></td><td>{{fileName}}</td><td>{{kind}}</td><td>{{survey}}</td><td>{{by}}</td><td>{{at}}</td><td class="num">{{questionnaires}}</td><td>{{statusLabel}}</td></tr>{{/uploads}}
    {{^uploads}}<tr><td colspan="8" class="muted">Chưa có tệp nào.</td></tr>{{/uploads}}
    </tbody></table></div>
    """

    static let uploadDetail = """
    <h1>Tệp số {{id}}: {{fileName}}</h1>
    {{#isNew}}<div class="flash good" role="status" id="upload-ok">Đã nhận tệp: {{questionnaires}} phiếu, {{units}} đơn vị.{{#supersedes}} Thay thế tệp số {{supersedes}}.{{/supersedes}}</div>{{/isNew}}
    {{#isAlready}}<div class="flash good" role="status" id="upload-ok">Tệp này đã được nhận trước đây (tệp số {{id}}); không có gì thay đổi.</div>{{/isAlready}}
    <div class="card">
    <div class="row"><p><strong>Loại:</strong> {{kind}}</p><p><strong>Bộ câu hỏi:</strong> {{survey}} phiên bản {{surveyVersion}}</p><p><strong>Trạng thái:</strong> {{statusLabel}}</p></div>
    <div class="row"><p><strong>Người tải:</strong> {{by}}</p><p><strong>Lúc:</strong> {{at}}</p><p><strong>SHA-256:</strong> <code>{{shortHash}}</code></p></div>
    {{#canRevert}}
    <form method="post" action="/uploads/{{id}}/revert" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="primary" type="submit">Khôi phục tệp này</button></form>
    {{/canRevert}}
    </div>
    <h2>Đơn vị và kỳ</h2>
    <div class="table-wrap"><table>
    <thead><tr><th>Mã</th><th>Đơn vị</th><th>Kỳ</th><th>Số phiếu</th></tr></thead>
    <tbody>{{#scopes}}<tr><td>{{unit}}</td><td>{{name}}</td><td>{{period}}</td><td class="num">{{questionnaires}}</td></tr>{{/scopes}}</tbody>
    </table></div>
    """

    static let reports = """
    <h1>{{heading}}</h1>
    <form class="card" method="get" action="{{action}}">
    <label for="survey">Bộ câu hỏi</label>
    <select id="survey" name="survey">{{#surveys}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}} — {{title}}</option>{{/surveys}}</select>
    <label for="period">Tháng</label>
    <input type="month" id="period" name="period" value="{{period}}" required>
    {{#showUnits}}
    <label for="units">Đơn vị (mã, cách nhau bởi dấu phẩy; để trống: cả tỉnh)</label>
    <input type="text" id="units" name="units" value="{{units}}">
    {{/showUnits}}
    <input type="hidden" name="view" value="1">
    <div><button class="primary" type="submit">Xem báo cáo</button></div>
    </form>
    """

    static let monthly = """
    <h1>Báo cáo định kỳ</h1>
    <p class="muted">Báo cáo tháng trước được lập tự động vào ngày {{day}} hằng tháng và được lưu lại tại đây.</p>
    {{#mayGenerate}}
    <form class="card" method="post" action="/monthly">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="survey">Bộ câu hỏi</label>
    <select id="survey" name="survey">{{#surveys}}<option value="{{code}}">{{code}}</option>{{/surveys}}</select>
    <label for="period">Tháng</label>
    <input type="month" id="period" name="period" value="{{defaultPeriod}}" required>
    <div><button class="primary" type="submit">Lập báo cáo ngay</button></div>
    </form>
    {{/mayGenerate}}
    <div class="table-wrap"><table id="monthly">
    <thead><tr><th>Kỳ</th><th>Bộ câu hỏi</th><th>Lập lúc</th><th>Người lập</th><th>Tải về</th></tr></thead>
    <tbody>
    {{#reports}}<tr><td><a href="/monthly/{{id}}">{{period}}</a></td><td>{{survey}}</td><td>{{at}}</td><td>{{by}}</td><td><a href="/monthly/{{id}}?part=xlsx">XLSX</a> · <a href="/monthly/{{id}}?part=json">JSON</a></td></tr>{{/reports}}
    {{^reports}}<tr><td colspan="5" class="muted">Chưa có báo cáo nào.</td></tr>{{/reports}}
    </tbody></table></div>
    """

    static let users = """
    <h1>Tài khoản và vai trò</h1>
    {{#message}}<div class="flash {{messageClass}}" role="status">{{message}}</div>{{/message}}
    <div class="table-wrap"><table id="users">
    <thead><tr><th>Tên</th><th>Vai trò</th><th>Đơn vị</th><th>Trạng thái</th><th>Đổi vai trò</th><th></th></tr></thead>
    <tbody>
    {{#accounts}}<tr>
    <td>{{username}}</td><td>{{role}}</td><td>{{unit}}</td><td>{{#disabled}}đã khoá{{/disabled}}{{^disabled}}hoạt động{{/disabled}}</td>
    <td><form method="post" action="/admin/users/{{username}}/role" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <select name="role" aria-label="vai trò">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select>
    <input type="text" name="unit" value="{{unit}}" placeholder="mã đơn vị" aria-label="đơn vị" size="8">
    <button type="submit">Lưu</button></form></td>
    <td><form method="post" action="/admin/users/{{username}}/{{#disabled}}enable{{/disabled}}{{^disabled}}disable{{/disabled}}" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{#disabled}}Mở khoá{{/disabled}}{{^disabled}}Khoá{{/disabled}}</button></form></td>
    </tr>{{/accounts}}
    </tbody></table></div>
    <h2>Thêm tài khoản</h2>
    <form class="card" method="post" action="/admin/users">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="new-username">Tên đăng nhập (a-z, 0-9, . _ -)</label>
    <input type="text" id="new-username" name="username" required>
    <label for="new-role">Vai trò</label>
    <select id="new-role" name="role"><option value="uploader">Cán bộ tải lên (theo đơn vị)</option><option value="viewer">Người xem báo cáo</option><option value="analyst">Chuyên viên phân tích</option><option value="admin">Quản trị</option></select>
    <label for="new-unit">Mã đơn vị (bắt buộc với cán bộ tải lên)</label>
    <input type="text" id="new-unit" name="unit">
    <label for="new-password">Mật khẩu (ít nhất 10 ký tự)</label>
    <input type="password" id="new-password" name="password" autocomplete="new-password" required>
    <div><button class="primary" type="submit">Thêm</button></div>
    </form>
    """

    static let error = """
    <h1>{{heading}}</h1>
    <div class="flash bad" role="alert">{{message}}</div>
    <p><a href="/">Về trang chính</a></p>
    """
}
